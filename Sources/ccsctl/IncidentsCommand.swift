import ArgumentParser
import CCSDProtocol

/// `ccsctl incidents [--open | --all [--since DATE]] [--officer USER]`: incidents grouped by person.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Incidents by person: the unresolved ones (--open, the default), or with --all also resolved ones.",
        discussion: """
            --open is the same queue as ccsctl overdue, grouped by person; --json prints the same list as overdue. \
            --all adds the incidents resolved since --since (default: 30 days ago) and how they were resolved.
            """)

    @Flag(help: "Only unresolved incidents (the default).") var open = false
    @Flag(help: "Also incidents resolved since --since.") var all = false
    @Option(help: "With --all: resolved since this day, YYYY-MM-DD (default: 30 days ago).") var since: String?
    @OptionGroup var queue: QueueOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if open && all { throw ValidationError("--open and --all exclude each other") }
        if since != nil && !all { throw ValidationError("--since goes with --all") }
    }

    func run() throws {
        if all { return try runAll() }
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

    /// Open, acknowledged and resolved incidents, with how the resolved ones ended.
    func runAll() throws {
        let incidents = try connection.call(
            "ListIncidents", Methods.ListIncidents(officer: queue.officer, includeResolved: true, since: since),
            returning: Methods.ListIncidentsReply.self
        ).incidents
        if connection.json { return printJSON(incidents) }
        guard !incidents.isEmpty else { return print("no incidents\(queue.scope)") }
        let byPerson = incidents.enumerated().sorted { ($0.element.caseID, $0.offset) < ($1.element.caseID, $1.offset) }
            .map(\.element)
        var rows: [[String]] = []
        for (index, incident) in byPerson.enumerated() {
            let first = index == 0 || byPerson[index - 1].caseID != incident.caseID
            rows.append([
                first ? incident.caseID : "", first ? incident.officer ?? "-" : "", incident.state,
                humanTime(incident.opened), incident.obligation, incident.resolution ?? "", incident.id,
            ])
        }
        print(table(["CASE", "OFFICER", "STATE", "MISSED", "OBLIGATION", "RESOLUTION", "INCIDENT"], rows))
        let resolved = incidents.filter { $0.state == "resolved" }.count
        print("\n\(incidents.count - resolved) unresolved, \(resolved) resolved")
    }
}
