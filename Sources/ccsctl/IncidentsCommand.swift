import ArgumentParser
import CCSDProtocol

/// `ccsctl incidents [--officer USER]`: ListOverdue grouped by person.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Unresolved incidents (open or acknowledged), by person.",
        discussion: "The same queue as ccsctl overdue, grouped by person; --json prints the same list as overdue.")

    @OptionGroup var queue: QueueOptions
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let incidents = try connection.call(
            "ListOverdue", Methods.Queue(officer: queue.officer), returning: Methods.ListOverdueReply.self
        ).incidents
        if connection.json { return printJSON(incidents) }
        guard !incidents.isEmpty else { return print("no unresolved incidents\(queue.scope)") }
        // Stable: within a person, the daemon's order (oldest first) is kept.
        let byPerson = incidents.enumerated().sorted { ($0.element.caseID, $0.offset) < ($1.element.caseID, $1.offset) }
            .map(\.element)
        var rows: [[String]] = []
        for (index, incident) in byPerson.enumerated() {
            let first = index == 0 || byPerson[index - 1].caseID != incident.caseID
            rows.append([
                first ? incident.caseID : "", first ? incident.officer ?? "-" : "", incident.state,
                humanTime(incident.opened), incident.obligation, incident.id,
            ])
        }
        let rendered = table(["CASE", "OFFICER", "STATE", "MISSED", "OBLIGATION", "INCIDENT"], rows)
        print(Style.table(rendered) { Style.incident(byPerson[$0].state) })
        let persons = Set(incidents.map(\.caseID)).count
        let acknowledged = incidents.filter { $0.state == "acknowledged" }.count
        print(
            "\n\(incidents.count) unresolved incident\(incidents.count == 1 ? "" : "s") "
                + "(\(acknowledged) acknowledged) for \(persons) person\(persons == 1 ? "" : "s")")
    }
}
