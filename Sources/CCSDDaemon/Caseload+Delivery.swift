import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Who a notification goes to and when it may: name and phone (database only), officer, the person's zone and
    /// their policy's quiet hours and daily cap on reminders.
    public struct Contact: Sendable {
        public var name: String?
        public var phone: String?
        public var officer: String?
        public var language: String?
        public var zone: ZoneRules?
        public var quietHours: QuietHours?
        public var maxRemindersPerDay: Int?
    }

    /// Read from the database (no engine needed): a dormant person gets reminders too.
    public func contact(_ caseID: String?) -> Contact {
        guard let caseID, let policyName = entries[caseID]?.engine.policy.name ?? dormant[caseID]?.policy,
            let row = (try? store.person(caseID)) ?? nil
        else { return Contact() }
        let policy = library.current.policies[policyName]
        return Contact(
            name: row.name, phone: row.phone, officer: row.officer, language: row.language,
            zone: zones.zone(named: row.timeZone),
            quietHours: policy?.quietHours, maxRemindersPerDay: policy?.maxRemindersPerDay)
    }

    /// Audits one delivery attempt; a notification that failed for good becomes a `delivery-failed` event, sent to
    /// the officer on the failure channel if one is configured. Names, phones and message texts stay out.
    public func auditDelivery(
        _ row: OutboxRow, attempt: Int, state: String, error: String?, failureChannel: String?
    ) async {
        let now = now()
        var fields = [
            "outbox": String(row.id), "channel": row.channel, "recipient": row.recipient, "attempt": String(attempt),
            "result": state, "notification": row.event, "template": row.template, "cause_seq": String(row.eventSeq),
        ]
        if let caseID = row.caseID { fields["person"] = caseID }
        if let error { fields["error"] = error }
        fields["message"] =
            "\(row.caseID ?? "-"): \(row.event) via \(row.channel) to \(row.recipient): \(state)"
            + (error.map { " (\($0))" } ?? "") + ", attempt \(attempt)"
        var events = [EventDraft(type: "delivery", at: now.microseconds, fields: fields)]
        if state == "failed" {
            var failed = fields
            failed["message"] =
                "\(row.caseID ?? "-"): \(row.event) could not be delivered via \(row.channel) after \(attempt) attempts"
            // A failed report of a failure is not reported again.
            let deliveries =
                failureChannel.flatMap { row.event == "delivery-failed" ? nil : $0 }.map {
                    [
                        DeliveryDraft(
                            channel: $0, recipient: "officer", template: "delivery-failed",
                            // The failed message's own values (obligation, step, times, incident), so the officer
                            // reads what was not delivered; names and phones are looked up at delivery, never stored.
                            values: row.values.filter { !["name", "phone", "address"].contains($0.key) }.merging([
                                "case_id": row.caseID ?? "", "channel": row.channel, "recipient": row.recipient,
                                "notification": row.event,
                            ]) { $1 })
                    ]
                } ?? []
            events.append(
                EventDraft(type: "delivery-failed", at: now.microseconds, fields: failed, deliveries: deliveries))
        }
        _ = try? await commit(WriteBatch(events: events), engineChanged: false)
    }
}

extension Caseload {
    /// Delivery records, newest first (off the actor: a plain read).
    public nonisolated func deliveries(_ request: Methods.ListDeliveries) throws(RequestError) -> [DeliveryRecord] {
        let limit = request.limit ?? 100
        guard (1...10_000).contains(limit) else {
            throw .invalidValue(parameter: "limit", value: String(limit), expected: "1 to 10000")
        }
        let rows: [OutboxRow]
        do {
            rows = try store.outbox(failedOnly: request.failedOnly == true, limit: limit)
        } catch {
            throw .unavailable("cannot read the outbox: \(error)")
        }
        return rows.map {
            DeliveryRecord(
                id: $0.id, caseID: $0.caseID, event: $0.event, channel: $0.channel, recipient: $0.recipient,
                template: $0.template, state: $0.state, attempts: $0.attempts, lastError: $0.lastError,
                created: TimeText.format(Instant(microseconds: $0.created), officeZone),
                delivered: $0.delivered.map { TimeText.format(Instant(microseconds: $0), officeZone) })
        }
    }
}
