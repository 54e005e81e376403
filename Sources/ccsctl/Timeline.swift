import CCSDCore
import CCSDTime
import Foundation

/// What a simulation produced, rendered for people (a table) or programs (JSON).
struct Timeline {
    let actions: [Action]

    /// One line of the timeline.
    struct Row: Encodable {
        let at: String
        let event: String
        let id: String
        let subject: String
        let detail: String
    }

    func rows(_ time: (Instant) -> String, zone: ZoneRules) -> [Row] {
        actions.map { action in
            let (subject, detail) = describe(action.kind, zone: zone)
            return Row(at: time(action.at), event: action.name, id: action.id, subject: subject, detail: detail)
        }
    }

    func table(zone: ZoneRules) -> String {
        let rows = rows({ TimeFormat.local($0, zone) }, zone: zone)
        let eventWidth = rows.map(\.event.count).max() ?? 0
        let subjectWidth = rows.map(\.subject.count).max() ?? 0
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        var summary: [String: Int] = [:]
        for action in actions { summary[action.name, default: 0] += 1 }
        let lines = rows.map {
            "\($0.at)  \(pad($0.event, eventWidth))  \(pad($0.subject, subjectWidth))  \($0.detail)"
        }
        let totals = summary.keys.sorted().map { "\($0) \(summary[$0]!)" }.joined(separator: ", ")
        return (lines + ["", "Totals: \(totals.isEmpty ? "nothing happened" : totals)"]).joined(separator: "\n")
    }

    func json(zone: ZoneRules) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(rows({ TimeFormat.rfc3339($0, zone) }, zone: zone))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    func describe(_ kind: Action.Kind, zone: ZoneRules) -> (String, String) {
        func local(_ instant: Instant) -> String { TimeFormat.local(instant, zone) }
        func names(_ recipients: [Recipient]) -> String { recipients.map(\.rawValue).joined(separator: "+") }
        switch kind {
        case .windowOpened(let o):
            return (o.obligation.id, "\(o.obligation.kind) report due until \(local(o.closes))")
        case .reminder(let o, let r):
            let when = r.lead == .zero ? "at \(r.anchor.rawValue)" : "\(r.lead) before \(r.anchor.rawValue)"
            return (o.obligation.id, "\(r.template) to \(names(r.recipients)) (\(when))")
        case .outcome(let o, let outcome):
            if case .excused(let reason) = outcome { return (o.obligation.id, "excused: \(reason)") }
            return (o.obligation.id, "\(outcome)\(o.checkIn.map { " (check-in \(local($0)))" } ?? "")")
        case .missed(let o, let incident):
            return (o.obligation.id, "missed; incident \(incident.id) opened")
        case .escalation(let incident, let step, let repetition, let s):
            let again = repetition > 0 ? ", repeat \(repetition)" : ""
            return (incident.obligation.id, "step \(step + 1)\(again): \(s.template) to \(names(s.recipients))")
        case .acknowledged(let incident, let by):
            return (incident.obligation.id, "acknowledged by \(by)")
        case .resolved(let incident, let resolution):
            return (incident.obligation.id, "resolved: \(resolution)")
        case .proposal(let p):
            return (p.level.rawValue, "proposed: \(p.reason)")
        case .decision(let p):
            return (p.level.rawValue, "\(p.decision == .accepted ? "accepted" : "rejected") by officer: \(p.reason)")
        case .unmatchedCheckIn(let c):
            return (c.method, "check-in outside any open window, recorded")
        case .supervisionEnded(let reason):
            return ("supervision", "ended: \(reason)")
        case .policyChanged(let from, let to):
            return ("policy", "\(from) → \(to) for new windows")
        case .suspended(let reason):
            return ("supervision", "suspended: \(reason)")
        case .resumed:
            return ("supervision", "resumed")
        }
    }
}
