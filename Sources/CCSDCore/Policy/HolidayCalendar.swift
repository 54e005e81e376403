import CCSDTime

/// Public holidays and make-up working days (调休) that decide which days are working days.
public struct HolidayCalendar: Sendable, Hashable {
    /// Ids of the calendars merged into this one (`cn-mainland`).
    public var ids: [String]
    /// Days off that would otherwise be working days, with their names.
    public var holidays: [CivilDate: String]
    /// Weekend days that are working days (调休上班).
    public var workdays: Set<CivilDate>

    public init(ids: [String] = [], holidays: [CivilDate: String] = [:], workdays: Set<CivilDate> = []) {
        self.ids = ids
        self.holidays = holidays
        self.workdays = workdays
    }

    /// No holidays: Monday to Friday are working days.
    public static let none = HolidayCalendar()

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if workdays.contains(date) { return true }
        if holidays[date] != nil { return false }
        return date.weekday <= 5
    }

    /// The first working day on or after `date` (gives up after a year of days off).
    public func workingDay(onOrAfter date: CivilDate) -> CivilDate? {
        (0..<366).lazy.map { date.adding(days: $0) }.first(where: isWorkingDay)
    }

    /// Merges another calendar; a day listed as both holiday and workday is an error the loader reports.
    public func merging(_ other: HolidayCalendar) -> HolidayCalendar {
        HolidayCalendar(
            ids: ids + other.ids.filter { !ids.contains($0) },
            holidays: holidays.merging(other.holidays) { first, _ in first },
            workdays: workdays.union(other.workdays)
        )
    }
}
