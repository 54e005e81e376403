import CCSDCore
import CCSDTime
import TOMLKit

/// Reads `holidays/*.toml`: public holidays and make-up working days (调休) of one calendar and year.
public struct HolidayLoader: Sendable {
    public init() {}

    /// Parses one holiday file; files sharing a `calendar.id` are merged by `PolicyDirectory`.
    public func parse(_ text: String, file: String) -> Result<HolidayCalendar, ConfigProblems> {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch {
            return .failure(ConfigProblems([tomlProblem(error, file: file)]))
        }
        let top = TableReader(root, path: "", file: file)
        var problems: [ConfigProblem] = []
        var id = ""
        if let table = top.tables("calendar").first {
            let reader = TableReader(table, path: "calendar", file: file)
            id = reader.string("id", required: true, expected: "a calendar id such as \"cn-mainland\"") ?? ""
            _ = reader.int("year", range: 1970...2199)
            _ = reader.string("source")
            problems += reader.finish()
        } else {
            top.problem("calendar", "missing; expected a [calendar] table with id")
        }
        var holidays: [CivilDate: String] = [:]
        for (i, table) in top.tables("holiday").enumerated() {
            let reader = TableReader(table, path: "holiday.\(i + 1)", file: file)
            let name = reader.string("name", required: true) ?? "holiday"
            if let from = reader.date("from", required: true), let until = reader.date("until", required: true) {
                if until < from { reader.problem("until", "is before from; expected the last day off, inclusive") }
                var day = from
                while day <= until {
                    holidays[day] = name
                    day = day.adding(days: 1)
                }
            }
            problems += reader.finish()
        }
        var workdays: Set<CivilDate> = []
        for (i, table) in top.tables("workday").enumerated() {
            let reader = TableReader(table, path: "workday.\(i + 1)", file: file)
            _ = reader.string("name")
            if let date = reader.date("date", required: true) {
                if holidays[date] != nil { reader.problem("date", "\(date) is also listed as a holiday") }
                workdays.insert(date)
            }
            problems += reader.finish()
        }
        problems = top.finish() + problems
        guard problems.isEmpty else { return .failure(ConfigProblems(problems)) }
        return .success(HolidayCalendar(ids: [id], holidays: holidays, workdays: workdays))
    }
}

/// A TOML syntax error as a problem with its line and column.
func tomlProblem(_ error: any Error, file: String) -> ConfigProblem {
    if let parse = error as? TOMLParseError {
        let position = parse.source.begin
        return ConfigProblem(
            file: file, key: "", message: "line \(position.line), column \(position.column): \(parse.description)")
    }
    return ConfigProblem(file: file, key: "", message: "not valid TOML: \(error)")
}
