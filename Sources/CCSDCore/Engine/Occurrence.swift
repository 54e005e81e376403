import CCSDTime

/// How one window ended up.
public enum Outcome: Sendable, Hashable, CustomStringConvertible {
    /// Not decided yet: the window is upcoming or open.
    case pending
    case onTime
    /// After the window closed: within the grace period, or later, resolving the miss.
    case late
    case missed
    /// Leave, an officer's excuse or the end of supervision; the reason in words.
    case excused(String)

    public var description: String {
        switch self {
        case .pending: "pending"
        case .onTime: "on-time"
        case .late: "late"
        case .missed: "missed"
        case .excused: "excused"
        }
    }
}

/// One window of one obligation for one person.
public struct Occurrence: Sendable, Hashable, Identifiable {
    /// `obligation@open`, e.g. `weekly-in-person@2026-03-02T01:00Z`; unique per person.
    public let id: String
    /// The obligation as it was when the window was scheduled.
    public let obligation: Obligation
    public let policy: String
    public let opens: Instant
    public let closes: Instant
    /// `closes` plus the grace period: a window still unsatisfied then is missed.
    public var deadline: Instant { closes + obligation.grace }
    /// Reminders with their times, earliest first.
    public let reminders: [(at: Instant, reminder: Reminder)]
    /// How many of `reminders` are behind us (fired or dropped).
    public var remindersDone = 0
    public var opened = false
    public var outcome: Outcome = .pending
    public var checkIn: Instant?

    init(obligation: Obligation, policy: Policy, opens: Instant, notBefore: Instant) {
        self.id = "\(obligation.id)@\(opens.stamp)"
        self.obligation = obligation
        self.policy = policy.name
        self.opens = opens
        self.closes = opens + obligation.window
        // One array, not three (filtered, timed, sorted): every window of a replay builds this.
        var reminders: [(at: Instant, reminder: Reminder)] = []
        for reminder in policy.reminders
        where reminder.obligations.isEmpty || reminder.obligations.contains(obligation.id) {
            let at = (reminder.anchor == .open ? opens : closes) - reminder.lead
            if at >= notBefore { reminders.append((at, reminder)) }
        }
        reminders.sort { $0.at < $1.at }
        self.reminders = reminders
    }

    /// The first moment anything of this window happens: its earliest reminder or its opening.
    public var announce: Instant { min(reminders.first?.at ?? opens, opens) }

    public static func == (lhs: Occurrence, rhs: Occurrence) -> Bool {
        lhs.id == rhs.id && lhs.outcome == rhs.outcome && lhs.opened == rhs.opened
            && lhs.remindersDone == rhs.remindersDone && lhs.checkIn == rhs.checkIn
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
