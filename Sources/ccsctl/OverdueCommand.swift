import ArgumentParser
import CCSDProtocol

/// `ccsctl overdue [--officer USER]`: ListOverdue as a table, oldest first.
struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue",
        abstract: "Missed windows not yet resolved, oldest first.",
        discussion: "Each is an incident: acknowledge it with ccsctl ack, close it with ccsctl resolve.")

    @OptionGroup var queue: QueueOptions
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let incidents = try connection.call(
            "ListOverdue", Methods.Queue(officer: queue.officer), returning: Methods.ListOverdueReply.self
        ).incidents
        if connection.json { return printJSON(incidents) }
        guard !incidents.isEmpty else { return print("no overdue windows\(queue.scope)") }
        let rendered = table(
            ["MISSED", "CASE", "OFFICER", "OBLIGATION", "STATE", "INCIDENT"],
            incidents.map { [humanTime($0.opened), $0.caseID, $0.officer ?? "-", $0.obligation, $0.state, $0.id] })
        print(Style.table(rendered) { Style.incident(incidents[$0].state) })
    }
}
