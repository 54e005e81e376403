import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Outcomes of the windows that opened in [from, to), per person and per officer, from the event log.
    /// Reads the log off the actor, then counts on it (the officers come from the caseload).
    public nonisolated func compliance(_ request: Methods.ComplianceReport) async throws(RequestError)
        -> Methods.ComplianceReportReply
    {
        guard let fromDay = CivilDate.parse(request.from) else {
            throw .invalidValue(parameter: "from", value: request.from, expected: "a date YYYY-MM-DD")
        }
        guard let toDay = CivilDate.parse(request.to), toDay > fromDay else {
            throw .invalidValue(parameter: "to", value: request.to, expected: "a date YYYY-MM-DD after from")
        }
        let from = officeZone.startOfDay(fromDay)
        let to = officeZone.startOfDay(toDay)
        let events: [StoredEvent]
        do {
            events = try store.events(
                types: ["window-opened", "outcome", "missed", "resolved"], atOrAfter: from.microseconds)
        } catch {
            throw .unavailable("cannot read the event log: \(error)")
        }
        // occurrence key (case|occurrence) → outcome; only windows that opened in range count.
        var outcome: [String: String] = [:]
        var owner: [String: String] = [:]
        for event in events {
            guard let person = event.fields["person"], let occurrence = event.fields["occurrence"] else { continue }
            let key = "\(person)|\(occurrence)"
            switch event.type {
            case "window-opened" where event.at < to.microseconds:
                outcome[key] = outcome[key] ?? "pending"
                owner[key] = person
            case "outcome":
                if outcome[key] != nil { outcome[key] = event.fields["outcome"] ?? "pending" }
            case "missed":
                if outcome[key] != nil { outcome[key] = "missed" }
            case "resolved" where outcome[key] == "missed":
                let resolution = event.fields["resolution"] ?? ""
                if resolution.hasPrefix("late check-in") { outcome[key] = "late" }
                if resolution.hasPrefix("excused") { outcome[key] = "excused" }
            default:
                break
            }
        }
        let officers = await officerMap()
        var persons: [String: ComplianceRow] = [:]
        for (key, result) in outcome {
            guard let caseID = owner[key] else { continue }
            let officer = officers[caseID] ?? nil
            if let wanted = request.officer, officer != wanted { continue }
            var row = persons[caseID] ?? ComplianceRow(key: caseID, officer: officer)
            Self.count(result, into: &row)
            persons[caseID] = row
        }
        var byOfficer: [String: ComplianceRow] = [:]
        for row in persons.values {
            let name = row.officer ?? "(none)"
            var total = byOfficer[name] ?? ComplianceRow(key: name, officer: nil)
            total.windows += row.windows
            total.onTime += row.onTime
            total.late += row.late
            total.missed += row.missed
            total.excused += row.excused
            total.pending += row.pending
            byOfficer[name] = total
        }
        func rated(_ rows: [String: ComplianceRow]) -> [ComplianceRow] {
            rows.values.map { row in
                var row = row
                let due = row.windows - row.excused - row.pending
                row.onTimeRate = due > 0 ? Double(row.onTime) / Double(due) : nil
                return row
            }.sorted { $0.key < $1.key }
        }
        return .init(persons: rated(persons), officers: rated(byOfficer))
    }

    static func count(_ outcome: String, into row: inout ComplianceRow) {
        row.windows += 1
        switch outcome {
        case "on-time": row.onTime += 1
        case "late": row.late += 1
        case "missed": row.missed += 1
        case "excused": row.excused += 1
        default: row.pending += 1
        }
    }
}
