import CCSDTime

/// Something the engine decided should happen, for the daemon to record and perform exactly once.
public struct Action: Sendable, Hashable, Identifiable {
    public enum Kind: Sendable, Hashable {
        case windowOpened(Occurrence)
        case reminder(Occurrence, Reminder)
        /// A window's outcome was decided other than by a miss (on-time, late, excused).
        case outcome(Occurrence, Outcome)
        /// A window passed its deadline unsatisfied; the incident opens with it.
        case missed(Occurrence, Incident)
        case escalation(Incident, step: Int, repetition: Int, EscalationStep)
        case acknowledged(Incident, by: String)
        case resolved(Incident, Resolution)
        case proposal(SanctionProposal)
        case decision(SanctionProposal)
        /// A check-in that matched no open window and no open incident: recorded, reported as such.
        case unmatchedCheckIn(CheckIn)
        case supervisionEnded(reason: String)
        case policyChanged(from: String, to: String)
        case suspended(reason: String)
        case resumed
    }

    /// How an incident ended.
    public enum Resolution: Sendable, Hashable, CustomStringConvertible {
        case lateCheckIn(Instant)
        case excused(String)
        case officer(String, note: String)
        case supervisionEnded

        public var description: String {
            switch self {
            case .lateCheckIn(let at): "late check-in at \(at.stamp)"
            case .excused(let reason): "excused: \(reason)"
            case .officer(let who, let note): "resolved by \(who): \(note)"
            case .supervisionEnded: "supervision ended"
            }
        }
    }

    /// Stable identity, e.g. `JX-2026-0042/weekly@2026-03-02T01:00Z/reminder/r1`: the daemon's exactly-once key.
    public let id: String
    /// When it was due (a check-in's time for what a check-in causes).
    public let at: Instant
    public let kind: Kind

    /// Short machine name of the kind (`window-opened`, `reminder`, `missed` …), as the journal's CCSD_EVENT.
    public var name: String {
        switch kind {
        case .windowOpened: "window-opened"
        case .reminder: "reminder"
        case .outcome: "outcome"
        case .missed: "missed"
        case .escalation: "escalation"
        case .acknowledged: "acknowledged"
        case .resolved: "resolved"
        case .proposal: "proposal"
        case .decision: "decision"
        case .unmatchedCheckIn: "unmatched-check-in"
        case .supervisionEnded: "supervision-ended"
        case .policyChanged: "policy-changed"
        case .suspended: "suspended"
        case .resumed: "resumed"
        }
    }
}
