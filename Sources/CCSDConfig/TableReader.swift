import CCSDCore
import CCSDTime
import TOMLKit

/// Reads one TOML table key by key, collecting a precise problem for every wrong, missing or unknown key.
final class TableReader {
    let table: TOMLTable
    let path: String
    let file: String
    private(set) var problems: [ConfigProblem] = []
    private var seen: Set<String> = []

    init(_ table: TOMLTable, path: String, file: String) {
        self.table = table
        self.path = path
        self.file = file
    }

    func key(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func problem(_ key: String, _ message: String) {
        problems.append(ConfigProblem(file: file, key: key.isEmpty ? path : self.key(key), message: message))
    }

    private func value(_ key: String, required: Bool, expected: String) -> TOMLValueConvertible? {
        seen.insert(key)
        guard let value = table[key] else {
            if required { problem(key, "missing; expected \(expected)") }
            return nil
        }
        return value
    }

    private func wrongType(_ key: String, _ value: TOMLValueConvertible, expected: String) {
        problem(key, "is of type \(value.type); expected \(expected)")
    }

    func string(_ key: String, required: Bool = false, expected: String = "a string") -> String? {
        guard let value = value(key, required: required, expected: expected) else { return nil }
        guard let text = value.string else {
            wrongType(key, value, expected: expected)
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key, required: false, expected: "true or false") else { return nil }
        guard let flag = value.bool else {
            wrongType(key, value, expected: "true or false")
            return nil
        }
        return flag
    }

    func int(_ key: String, range: ClosedRange<Int>) -> Int? {
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard let value = value(key, required: false, expected: expected) else { return nil }
        guard let number = value.int, range.contains(number) else {
            if value.int == nil {
                wrongType(key, value, expected: expected)
            } else {
                problem(key, "is out of range, expected \(expected)")
            }
            return nil
        }
        return number
    }

    func strings(_ key: String, required: Bool = false, expected: String = "a list of strings") -> [String]? {
        guard let value = value(key, required: required, expected: expected) else { return nil }
        if let single = value.string { return [single] }
        guard let array = value.array, let items = Optional(array.compactMap(\.string)), items.count == array.count
        else {
            wrongType(key, value, expected: expected)
            return nil
        }
        return items
    }

    /// A time span in systemd's spelling (`90s`, `15m`, `2h`, `3d`).
    func span(_ key: String, required: Bool = false, allowZero: Bool = true) -> TimeSpan? {
        let expected = "a duration such as \"90s\", \"15min\", \"2h\" or \"3d\""
        guard let text = string(key, required: required, expected: expected) else { return nil }
        guard let span = TimeSpan.parse(text) else {
            problem(key, "\"\(text)\" is not a duration; expected \(expected)")
            return nil
        }
        if !allowZero && span == .zero { problem(key, "must be longer than zero") }
        return span
    }

    /// One of a fixed set of words.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
        let words = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let text = string(key, expected: "one of \(words)") else { return nil }
        guard let value = T(rawValue: text) else {
            problem(key, "\"\(text)\" is not allowed; expected one of \(words)")
            return nil
        }
        return value
    }

    /// A local date, as a TOML date (`2026-02-15`) or a string.
    func date(_ key: String, required: Bool = false) -> CivilDate? {
        let expected = "a date such as 2026-02-15"
        guard let value = value(key, required: required, expected: expected) else { return nil }
        if let d = value.date, let date = CivilDate(year: d.year, month: d.month, day: d.day) { return date }
        if let text = value.string, let date = CivilDate.parse(text) { return date }
        problem(key, "is not a valid date; expected \(expected)")
        return nil
    }

    /// A sub-table, or an array of tables, each with its own reader.
    func tables(_ key: String) -> [TOMLTable] {
        seen.insert(key)
        guard let value = table[key] else { return [] }
        if let single = value.table { return [single] }
        if let array = value.array, array.allSatisfy({ $0.table != nil }) { return array.compactMap(\.table) }
        wrongType(key, value, expected: "a table ([\(key)]) or tables ([[\(key)]])")
        return []
    }

    /// Reports every key nobody asked for: a typo must not pass silently.
    func finish() -> [ConfigProblem] {
        let known = seen.sorted().joined(separator: ", ")
        for key in table.keys.sorted() where !seen.contains(key) {
            problem(key, "unknown key; expected one of: \(known)")
        }
        return problems
    }
}
