import CCSDTime

/// What a missed window opens; it escalates until acknowledged and ends when resolved.
public struct Incident: Sendable, Hashable, Identifiable {
    public enum State: Sendable, Hashable {
        case open
        case acknowledged(by: String, at: Instant)
    }

    /// `CASE:occurrence`, e.g. `JX-2026-0042:weekly-in-person@2026-03-02T01:00Z`.
    public let id: String
    public let occurrence: String
    /// The obligation, so a late check-in of an accepted method can resolve it.
    public let obligation: Obligation
    public let opened: Instant
    /// When the missed window had opened.
    public let opens: Instant
    /// The policy's escalation ladder as it was when the incident opened.
    public let escalation: [EscalationStep]
    /// Every firing of the ladder, earliest first: (time, step index, repetition).
    public let firings: [(at: Instant, step: Int, repetition: Int)]
    public var firingsDone = 0
    public var state: State = .open

    init(caseID: String, occurrence: Occurrence, escalation: [EscalationStep]) {
        self.id = "\(caseID):\(occurrence.id)"
        self.occurrence = occurrence.id
        self.obligation = occurrence.obligation
        self.opened = occurrence.deadline
        self.opens = occurrence.opens
        self.escalation = escalation
        let opened = occurrence.deadline
        self.firings = escalation.enumerated()
            .flatMap { index, step in
                step.offsets.enumerated().map { (at: opened + $1, step: index, repetition: $0) }
            }
            .sorted { ($0.at, $0.step, $0.repetition) < ($1.at, $1.step, $1.repetition) }
    }

    /// The next escalation firing, while nobody has acknowledged.
    public var nextFiring: (at: Instant, step: Int, repetition: Int)? {
        guard state == .open, firingsDone < firings.count else { return nil }
        return firings[firingsDone]
    }

    public static func == (lhs: Incident, rhs: Incident) -> Bool {
        lhs.id == rhs.id && lhs.state == rhs.state && lhs.firingsDone == rhs.firingsDone
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
