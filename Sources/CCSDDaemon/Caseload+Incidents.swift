import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Unresolved incidents from the caseload and, if asked, resolved ones from the event log, oldest first.
    public nonisolated func incidents(_ request: Methods.ListIncidents) async throws(RequestError) -> [IncidentRecord] {
        var records = try await overdue(officer: request.officer).map {
            IncidentRecord(
                id: $0.id, caseID: $0.caseID, officer: $0.officer, obligation: $0.obligation, opened: $0.opened,
                state: $0.state)
        }
        guard request.includeResolved == true else { return records }
        let since: Instant
        if let text = request.since {
            guard let day = CivilDate.parse(text) else {
                throw .invalidValue(parameter: "since", value: text, expected: "a date YYYY-MM-DD")
            }
            since = officeZone.startOfDay(day)
        } else {
            since = await now() - .days(30)
        }
        let events: [StoredEvent]
        do {
            // A miss some time before `since` may be resolved after it: look back a year for the miss.
            events = try store.events(types: ["missed", "resolved"], atOrAfter: (since - .days(366)).microseconds)
        } catch {
            throw .unavailable("cannot read the event log: \(error)")
        }
        var missed: [String: StoredEvent] = [:]
        for event in events where event.type == "missed" {
            if let id = event.fields["incident"] { missed[id] = event }
        }
        let officers = await officerMap()
        for event in events where event.type == "resolved" && event.at >= since.microseconds {
            guard let id = event.fields["incident"], let opened = missed[id], let caseID = event.fields["person"] else {
                continue
            }
            let officer = officers[caseID] ?? nil
            if let wanted = request.officer, officer != wanted { continue }
            records.append(
                IncidentRecord(
                    id: id, caseID: caseID, officer: officer, obligation: opened.fields["obligation"] ?? "",
                    opened: TimeText.format(Instant(microseconds: opened.at), officeZone), state: "resolved",
                    resolved: TimeText.format(Instant(microseconds: event.at), officeZone),
                    resolution: event.fields["resolution"]))
        }
        return records.sorted { ($0.opened, $0.id) < ($1.opened, $1.id) }
    }
}
