import CCSDCore
import CCSDStore
import CCSDTime

/// Turns engine actions into events for the log and the journal: case ids and ids only, never names.
enum EventMapper {
    static func draft(_ action: Action, person: PersonRecord, caughtUp: Bool) -> EventDraft {
        var fields: [String: String] = ["person": person.caseID, "action": action.id]
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
        return EventDraft(type: action.name, at: action.at.microseconds, fields: fields, actionID: action.id)
    }

    static func add(_ occurrence: Occurrence, to fields: inout [String: String]) {
        fields["occurrence"] = occurrence.id
        fields["obligation"] = occurrence.obligation.id
        fields["kind"] = occurrence.obligation.kind
    }
}
