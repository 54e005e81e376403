import ArgumentParser
import CCSDProtocol
import CCSDVarlink

/// `ccsctl leave add|cancel|list`: AddLeave, CancelLeave, ListLeaves.
struct LeaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leave",
        abstract: "Approved leave (请假): add, cancel, list.",
        discussion: """
            Windows a leave overlaps are excused, kept or only due on leave, as each obligation's on-leave rule \
            says. The destination is kept in ccsd's database only, never in the journal.
            """,
        subcommands: [Add.self, Cancel.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an approved leave (ccsd-officer).")

        @Argument(help: "Case id.")
        var caseID: String

        @Option(help: "First moment of the leave, RFC 3339 (2026-12-01T09:30:00+08:00).")
        var from: String

        @Option(help: "End of the leave (exclusive), RFC 3339; at most a year after --from.")
        var until: String

        @Option(help: "Where the person goes.")
        var destination: String

        @Option(help: "User name of who approved it.")
        var approver: String?

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let request = Methods.AddLeave(
                caseID: caseID, from: from, until: until, destination: destination, approver: approver)
            let leave = try connection.call("AddLeave", request, returning: Methods.LeaveReply.self).leave
            if connection.json { return printJSON(leave) }
            print(
                "\(caseID): leave \(leave.id) recorded, \(humanTime(leave.from)) – \(humanTime(leave.until)), "
                    + "to \(leave.destination)" + (leave.approver.map { ", approved by \($0)" } ?? ""))
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a leave (ccsd-officer).")

        @Argument(help: "Case id.")
        var caseID: String

        @Argument(help: "Leave id (see ccsctl leave list).")
        var leaveID: String

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let reply = try connection.call(
                "CancelLeave", Methods.CancelLeave(caseID: caseID, leaveID: leaveID),
                returning: VarlinkEmptyReply.self)
            if connection.json { return printJSON(reply) }
            print("\(caseID): leave \(leaveID) cancelled")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a person's current and future leaves.")

        @Argument(help: "Case id.")
        var caseID: String

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let leaves = try connection.call(
                "ListLeaves", Methods.GetPerson(caseID: caseID), returning: Methods.ListLeavesReply.self
            ).leaves
            if connection.json { return printJSON(leaves) }
            guard !leaves.isEmpty else { return print("\(caseID): no current or future leave") }
            print(
                Style.table(
                    table(
                        ["ID", "FROM", "UNTIL", "DESTINATION", "APPROVER"],
                        leaves.map {
                            [$0.id, humanTime($0.from), humanTime($0.until), $0.destination, $0.approver ?? "-"]
                        }),
                    rowStyle: { _ in nil }))
        }
    }
}
