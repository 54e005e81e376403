import ArgumentParser
import CCSDProtocol
import CCSDVarlink

/// `ccsctl excuse CASE OCCURRENCE --reason TEXT`: Excuse.
struct ExcuseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "excuse",
        abstract: "Excuse one occurrence, past, open or future (ccsd-officer).",
        discussion: """
            An excused window is never missed; excusing a missed one resolves its incident. Occurrence ids look \
            like weekly-in-person@2026-12-07T00:30Z (see ccsctl person show, ccsctl upcoming or ccsctl explain).
            """)

    @Argument(help: "Case id.")
    var caseID: String

    @Argument(help: "Occurrence id, e.g. weekly-in-person@2026-12-07T00:30Z.")
    var occurrence: String

    @Option(help: "Why (required; kept in the event log).")
    var reason: String

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "Excuse", Methods.Excuse(caseID: caseID, occurrence: occurrence, reason: reason),
            returning: VarlinkEmptyReply.self)
        if connection.json { return printJSON(reply) }
        print("\(caseID): \(occurrence) excused")
    }
}
