import CCSDTime

/// One supervision category (严管 strict, 普管 ordinary, 宽管 lenient …): what a person must do and what follows a miss.
///
/// A policy is a value: an incident keeps the copy it opened with, so a later edit never rewrites it.
public struct Policy: Sendable, Hashable {
    /// The file's base name, which persons refer to (`strict`).
    public var name: String
    /// A human title (`严管 strict supervision`).
    public var title: String
    /// Time zone used when neither the obligation nor its calendar expression names one; nil = the person's zone.
    public var timeZone: ZoneRules?
    /// Holiday calendars (ids from `policies/holidays/`) that decide working days.
    public var holidays: HolidayCalendar
    public var obligations: [Obligation]
    public var reminders: [Reminder]
    public var escalation: [EscalationStep]
    public var sanctions: SanctionThresholds
    /// No reminder reaches the person in this span of their local day (minutes after midnight, may wrap midnight);
    /// one due then waits until it ends.
    public var quietHours: QuietHours?
    /// At most this many reminders reach the person per local day; further ones are dropped (and logged).
    public var maxRemindersPerDay: Int?

    public init(
        name: String, title: String, timeZone: ZoneRules? = nil, holidays: HolidayCalendar = .none,
        obligations: [Obligation], reminders: [Reminder] = [], escalation: [EscalationStep] = [],
        sanctions: SanctionThresholds = .statutory
    ) {
        self.name = name
        self.title = title
        self.timeZone = timeZone
        self.holidays = holidays
        self.obligations = obligations
        self.reminders = reminders
        self.escalation = escalation
        self.sanctions = sanctions
    }

    /// The reminders that apply to one obligation, in policy order.
    public func reminders(for obligation: Obligation) -> [Reminder] {
        reminders.filter { $0.obligations.isEmpty || $0.obligations.contains(obligation.id) }
    }
}

/// A span of the local day without reminders, e.g. 22:00–07:00.
public struct QuietHours: Sendable, Hashable {
    /// Minutes after midnight.
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`.
    public static func parse(_ text: String) -> QuietHours? {
        let parts = text.split(separator: "-").map { String($0.filter { $0 != " " }) }
        func minutes(_ t: String) -> Int? {
            let hm = t.split(separator: ":").compactMap { Int($0) }
            guard hm.count == 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]) else { return nil }
            return hm[0] * 60 + hm[1]
        }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start != end else {
            return nil
        }
        return QuietHours(start: start, end: end)
    }

    /// Whether a minute of the day falls in the quiet span.
    public func contains(minute: Int) -> Bool {
        start < end ? (start <= minute && minute < end) : (minute >= start || minute < end)
    }

    /// Minutes from `minute` until the quiet span ends.
    public func minutesLeft(from minute: Int) -> Int {
        (end - minute + 1440) % 1440
    }
}
