import ArgumentParser
import CCSDProtocol

/// `ccsctl proposals [--officer USER]`: ListProposals.
struct ProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "Sanction proposals waiting for a decision, oldest first.",
        discussion: "Decide each with ccsctl decide PROPOSAL --accept|--reject --note TEXT.")

    @OptionGroup var queue: QueueOptions
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let proposals = try connection.call(
            "ListProposals", Methods.Queue(officer: queue.officer), returning: Methods.ListProposalsReply.self
        ).proposals
        if connection.json { return printJSON(proposals) }
        guard !proposals.isEmpty else { return print("no proposals waiting for a decision\(queue.scope)") }
        let rendered = table(
            ["PROPOSED", "CASE", "OFFICER", "LEVEL", "REASON", "PROPOSAL"],
            proposals.map {
                [
                    humanTime($0.proposal.proposed), $0.caseID, $0.officer ?? "-", $0.proposal.level,
                    $0.proposal.reason, $0.proposal.id,
                ]
            })
        print(Style.table(rendered) { Style.sanction(proposals[$0].proposal.level) })
    }
}
