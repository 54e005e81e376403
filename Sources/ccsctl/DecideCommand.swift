import ArgumentParser
import CCSDProtocol
import CCSDVarlink

/// `ccsctl decide PROPOSAL (--accept|--reject) --note TEXT`: Decide.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a decision on a sanction proposal (ccsd-officer).",
        discussion: """
            ccsd only proposes sanctions; the officer decides. An accepted admonition or warning counts towards \
            the statutory ladder (by default 2 admonitions lead to a warning proposal, 2 warnings to a \
            revocation review). Proposal ids are listed by ccsctl proposals.
            """)

    /// The decision, spelled as the flag that chooses it.
    enum Decision: String, EnumerableFlag {
        case accept, reject

        static func help(for value: Decision) -> ArgumentHelp? {
            switch value {
            case .accept: "Accept the proposal."
            case .reject: "Reject the proposal."
            }
        }
    }

    @Argument(help: "Proposal id (see ccsctl proposals).")
    var proposal: String

    @Flag(help: "The decision.")
    var decision: Decision

    @Option(help: "The reasoning (required; kept in the event log).")
    var note: String

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "Decide", Methods.Decide(proposal: proposal, decision: decision.rawValue, note: note),
            returning: VarlinkEmptyReply.self)
        if connection.json { return printJSON(reply) }
        print("\(proposal): \(decision == .accept ? "accepted" : "rejected")")
    }
}
