import CCSDTime

/// One recurring duty of a policy: a kind of report and the windows in which it is due.
public struct Obligation: Sendable, Hashable {
    /// When windows open.
    public enum Schedule: Sendable, Hashable {
        /// A systemd `OnCalendar=` expression.
        case calendar(CalendarSpec)
        /// Once, when supervision starts (the report within 10 days of the judgement, Law Art. 21).
        case supervisionStart
    }

    /// What happens to a window that opens on a day off.
    public enum HolidayRule: String, Sendable, Hashable, CaseIterable {
        /// The window opens as scheduled.
        case keep
        /// No window that day.
        case skip
        /// The window opens at the same local time on the next working day.
        case nextWorkingDay = "next-working-day"
    }

    /// How approved leave (请假) affects this obligation.
    public enum LeaveRule: String, Sendable, Hashable, CaseIterable {
        /// A window that overlaps leave is excused.
        case excuse
        /// Due during leave as usual (a phone report can be made from anywhere).
        case keep
        /// Due only while on leave (the daily phone report while away).
        case only
    }

    /// The fields, in a ``Shared`` box: every window and incident carries its obligation.
    private struct Fields: Sendable, Hashable {
        var id: String
        var titles: [String: String]
        var kind: String
        var accepts: Set<String>
        var schedule: Schedule
        var window: TimeSpan
        var grace: TimeSpan
        var timeZone: ZoneRules?
        var onHoliday: HolidayRule
        var onLeave: LeaveRule
        var appliesTo: Set<String>
        var activeFrom: TimeSpan
        var activeUntil: TimeSpan?
    }

    private var fields: Shared<Fields>

    public var id: String {
        get { fields.value.id }
        set { fields.value.id = newValue }
    }
    /// What messages call it, by language (`zh-CN` → "每周电话报到", `en` → "weekly phone report"); the key ""
    /// holds a title for every language. Without one, messages say the id.
    public var titles: [String: String] {
        get { fields.value.titles }
        set { fields.value.titles = newValue }
    }
    /// `in-person`, `phone`, `video`, `app`, `health-report`, `written-report`, `medical-checkup`.
    public var kind: String {
        get { fields.value.kind }
        set { fields.value.kind = newValue }
    }
    /// Check-in methods that satisfy a window; always includes `kind`.
    public var accepts: Set<String> {
        get { fields.value.accepts }
        set { fields.value.accepts = newValue }
    }
    public var schedule: Schedule {
        get { fields.value.schedule }
        set { fields.value.schedule = newValue }
    }
    /// How long a window stays open.
    public var window: TimeSpan {
        get { fields.value.window }
        set { fields.value.window = newValue }
    }
    /// After the window closes, a check-in within the grace period is late, not missed.
    public var grace: TimeSpan {
        get { fields.value.grace }
        set { fields.value.grace = newValue }
    }
    /// Overrides the policy's and the person's zone; a zone in the calendar expression overrides this.
    public var timeZone: ZoneRules? {
        get { fields.value.timeZone }
        set { fields.value.timeZone = newValue }
    }
    public var onHoliday: HolidayRule {
        get { fields.value.onHoliday }
        set { fields.value.onHoliday = newValue }
    }
    public var onLeave: LeaveRule {
        get { fields.value.onLeave }
        set { fields.value.onLeave = newValue }
    }
    /// Person tags this obligation applies to (`temporary-service`); empty = everyone.
    public var appliesTo: Set<String> {
        get { fields.value.appliesTo }
        set { fields.value.appliesTo = newValue }
    }
    /// Active from this long after supervision starts (e.g. `0d`).
    public var activeFrom: TimeSpan {
        get { fields.value.activeFrom }
        set { fields.value.activeFrom = newValue }
    }
    /// Active until this long after supervision starts (e.g. `60d` for the first two months); nil = throughout.
    public var activeUntil: TimeSpan? {
        get { fields.value.activeUntil }
        set { fields.value.activeUntil = newValue }
    }

    public init(
        id: String, kind: String, accepts: Set<String> = [], schedule: Schedule, window: TimeSpan,
        grace: TimeSpan = .zero, timeZone: ZoneRules? = nil, onHoliday: HolidayRule = .keep,
        onLeave: LeaveRule = .excuse, appliesTo: Set<String> = [], activeFrom: TimeSpan = .zero,
        activeUntil: TimeSpan? = nil, titles: [String: String] = [:]
    ) {
        fields = Shared(
            Fields(
                id: id, titles: titles, kind: kind, accepts: accepts.union([kind]), schedule: schedule, window: window,
                grace: grace, timeZone: timeZone, onHoliday: onHoliday, onLeave: onLeave, appliesTo: appliesTo,
                activeFrom: activeFrom, activeUntil: activeUntil))
    }

    /// The title for a message in `language`: that language's, else the one for every language, else the id.
    public func title(in language: String) -> String {
        titles[language] ?? titles[""] ?? id
    }

    /// Kinds of report ccsd knows; a check-in method is one of them.
    public static let kinds: [String] = [
        "in-person", "phone", "video", "app", "health-report", "written-report", "medical-checkup",
    ]
}
