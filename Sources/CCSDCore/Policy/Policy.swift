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
