import ArgumentParser
import CCSDProtocol
import CCSDVarlink

/// `ccsctl resolve INCIDENT --note TEXT`: Resolve.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve an incident, e.g. after reaching the person by other means (ccsd-officer).")

    @Argument(help: "Incident id (CASE:occurrence).")
    var incident: String

    @Option(help: "What was done (required; kept in the event log).")
    var note: String

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "Resolve", Methods.Resolve(incident: incident, note: note), returning: VarlinkEmptyReply.self)
        if connection.json { return printJSON(reply) }
        print("\(incident): resolved")
    }
}
