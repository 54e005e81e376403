import ArgumentParser
import CCSDProtocol

struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Void a mistaken check-in (ccsd-officer); it stays on record with the correction.",
        discussion: """
            The person's windows are re-evaluated without the check-in: a window it satisfied may be missed after \
            all, with what follows. Find the check-in's event number with `ccsctl log CASE`.
            """)

    @Argument(help: "Case id.") var caseID: String
    @Argument(help: "Sequence number of the check-in event.") var eventSeq: Int64
    @Option(help: "Why; required.") var reason: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "CorrectCheckIn", Methods.CorrectCheckIn(caseID: caseID, eventSeq: eventSeq, reason: reason),
            returning: Methods.CorrectCheckInReply.self)
        if connection.json { return printJSON(reply) }
        print(
            "\(caseID): check-in \(eventSeq) voided (event \(reply.correctionSeq)); \(reply.consequences) actions followed"
        )
    }
}
