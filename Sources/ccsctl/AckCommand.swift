import ArgumentParser
import CCSDProtocol
import CCSDVarlink

/// `ccsctl ack INCIDENT [--note TEXT]`: Acknowledge.
struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an open incident: its escalation stops (ccsd-officer).",
        discussion: """
            The incident stays open until it is resolved (ccsctl resolve, a late check-in or an excuse). \
            Incident ids look like JX-2026-0042:weekly-in-person@2026-12-07T00:30Z (see ccsctl overdue).
            """)

    @Argument(help: "Incident id (CASE:occurrence).")
    var incident: String

    @Option(help: "Why, for the record.")
    var note: String?

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "Acknowledge", Methods.Acknowledge(incident: incident, note: note), returning: VarlinkEmptyReply.self)
        if connection.json { return printJSON(reply) }
        print("\(incident): acknowledged; escalation stopped (the incident stays open until resolved)")
    }
}
