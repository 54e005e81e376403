import CCSDCore
import CCSDStore
import CCSDTime

/// Turns engine actions into events for the log and the journal: case ids and ids only, never names.
enum EventMapper {
    /// `channels`: the configured ones; a reminder or escalation step queues one notification per configured
    /// channel and recipient it names. A caught-up reminder whose window has closed is not sent any more.
    static func draft(
        _ action: Action, person: PersonRecord, caughtUp: Bool, channels: Set<String> = [], now: Instant? = nil
    ) -> EventDraft {
        // Room for every field up front: growing rehashes them all, and a burst drafts 300,000 events.
        var fields = [String: String](minimumCapacity: 14)
        fields["person"] = person.caseID
        fields["action"] = action.id
        if let officer = person.officer { fields["officer"] = officer }
        if caughtUp { fields["caught_up"] = "1" }
        let message: String
        switch action.kind {
        case .windowOpened(let o):
            add(o, to: &fields)
            message = "\(o.obligation.kind) window \(o.id) opened, closes \(o.closes.stamp)"
        case .reminder(let o, let r):
            add(o, to: &fields)
            fields["template"] = r.template
            fields["recipients"] = r.recipients.map(\.rawValue).joined(separator: ",")
            fields["channels"] = r.channels.joined(separator: ",")
            message = "reminder \(r.template) for \(o.id) to \(fields["recipients"]!)"
        case .outcome(let o, let outcome):
            add(o, to: &fields)
            fields["outcome"] = outcome.description
            if case .excused(let reason) = outcome { fields["reason"] = reason }
            message = "window \(o.id): \(outcome)"
        case .missed(let o, let incident):
            add(o, to: &fields)
            fields["incident"] = incident.id
            message = "window \(o.id) missed; incident \(incident.id) opened"
        case .escalation(let incident, let step, let repetition, let s):
            fields["incident"] = incident.id
            fields["occurrence"] = incident.occurrence
            fields["obligation"] = incident.obligation.id
            fields["step"] = "\(step + 1).\(repetition)"
            fields["template"] = s.template
            fields["recipients"] = s.recipients.map(\.rawValue).joined(separator: ",")
            fields["channels"] = s.channels.joined(separator: ",")
            message = "incident \(incident.id) escalation step \(step + 1) to \(fields["recipients"]!)"
        case .acknowledged(let incident, let by):
            fields["incident"] = incident.id
            fields["by"] = by
            message = "incident \(incident.id) acknowledged by \(by)"
        case .resolved(let incident, let resolution):
            fields["incident"] = incident.id
            fields["occurrence"] = incident.occurrence
            fields["resolution"] = resolution.description
            message = "incident \(incident.id) resolved: \(resolution)"
        case .proposal(let p):
            fields["proposal"] = p.id
            fields["level"] = p.level.rawValue
            fields["reason"] = p.reason.description
            message = "proposed \(p.level.rawValue) for \(person.caseID): \(p.reason)"
        case .decision(let p):
            fields["proposal"] = p.id
            fields["level"] = p.level.rawValue
            fields["decision"] = p.decision == .accepted ? "accepted" : "rejected"
            message = "\(p.level.rawValue) \(fields["decision"]!) for \(person.caseID)"
        case .unmatchedCheckIn(let c):
            fields["method"] = c.method
            message = "\(c.method) check-in at \(c.at.stamp) matched no open window"
        case .supervisionEnded(let reason):
            fields["reason"] = reason
            message = "supervision of \(person.caseID) ended: \(reason)"
        case .suspended(let reason):
            fields["reason"] = reason
            message = "supervision of \(person.caseID) suspended: \(reason)"
        case .resumed:
            message = "supervision of \(person.caseID) resumed"
        case .policyChanged(let from, let to):
            fields["from"] = from
            fields["to"] = to
            message = "\(person.caseID) moved from policy \(from) to \(to)"
        }
        fields["message"] = "\(person.caseID): \(message)"
        return EventDraft(
            type: action.name, at: action.at.microseconds, fields: fields, actionID: action.id,
            deliveries: deliveries(action, person: person, channels: channels, now: now))
    }

    static func deliveries(_ action: Action, person: PersonRecord, channels: Set<String>, now: Instant?)
        -> [DeliveryDraft]
    {
        guard !channels.isEmpty else { return [] }
        let zone = person.timeZone
        func local(_ instant: Instant) -> String {
            let t = zone.localDateTime(at: instant)
            return "\(t.date) \(t.hour < 10 ? "0" : "")\(t.hour):\(t.minute < 10 ? "0" : "")\(t.minute)"
        }
        func values(_ o: Occurrence) -> [String: String] {
            titled(o.obligation).merging([
                "case_id": person.caseID, "kind": o.obligation.kind, "opens": local(o.opens),
                "closes": local(o.closes), "deadline": local(o.deadline),
            ]) { $1 }
        }
        // The missed window's times, as a reminder of it said them: "missed … by {closes}".
        func values(_ incident: Incident) -> [String: String] {
            titled(incident.obligation).merging([
                "case_id": person.caseID, "incident": incident.id, "kind": incident.obligation.kind,
                "opens": local(incident.opens), "closes": local(incident.opens + incident.obligation.window),
                "deadline": local(incident.opened),
            ]) { $1 }
        }
        var drafts: [DeliveryDraft] = []
        func add(_ names: [String], _ recipients: [Recipient], _ template: String, _ values: [String: String]) {
            for channel in names where channels.contains(channel) {
                for recipient in recipients {
                    drafts.append(
                        DeliveryDraft(
                            channel: channel, recipient: recipient.rawValue, template: template, values: values))
                }
            }
        }
        switch action.kind {
        case .reminder(let o, let r):
            if let now, o.closes <= now { return [] }
            add(r.channels, r.recipients, r.template, values(o))
        case .escalation(let incident, let step, _, let s):
            var v = values(incident)
            v["step"] = String(step + 1)
            add(s.channels, s.recipients, s.template, v)
        case .resolved(let incident, let resolution):
            // Whoever was paged about the incident hears that it is over.
            let fired = incident.firings.prefix(incident.firingsDone).map { incident.escalation[$0.step] }
            var seen = Set<String>()
            for step in fired {
                for channel in step.channels where channels.contains(channel) {
                    for recipient in step.recipients where seen.insert("\(channel)/\(recipient)").inserted {
                        drafts.append(
                            DeliveryDraft(
                                channel: channel, recipient: recipient.rawValue, template: "resolved-notice",
                                values: values(incident).merging(["resolution": resolution.description]) { $1 }))
                    }
                }
            }
        default:
            break
        }
        return drafts
    }

    /// `{obligation}` for a message: the id under `obligation` (channels get it as a field), each language's title
    /// under `obligation.LANGUAGE` and a title for every language under `obligation.*`; a message says the title
    /// in its language, else the one for every language, else the id.
    static func titled(_ obligation: Obligation) -> [String: String] {
        var values = [String: String](minimumCapacity: obligation.titles.count + 10)
        values["obligation"] = obligation.id
        for (language, title) in obligation.titles {
            values["obligation.\(language.isEmpty ? "*" : language)"] = title
        }
        return values
    }

    static func add(_ occurrence: Occurrence, to fields: inout [String: String]) {
        fields["occurrence"] = occurrence.id
        fields["obligation"] = occurrence.obligation.id
        fields["kind"] = occurrence.obligation.kind
    }
}
