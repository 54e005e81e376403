import CCSDCore
import CCSDTime
import TOMLKit

/// Turns a policy file (TOML) into a `Policy`, reporting every problem with its key.
public struct PolicyLoader: Sendable {
    public let zones: any ZoneProvider
    /// Holiday calendars by id, from `holidays/*.toml` beside the policies.
    public let holidays: [String: HolidayCalendar]

    public init(zones: any ZoneProvider, holidays: [String: HolidayCalendar] = [:]) {
        self.zones = zones
        self.holidays = holidays
    }

    /// Parses one policy; `name` is the file's base name, which persons refer to.
    public func parse(_ text: String, name: String, file: String) -> Result<Policy, ConfigProblems> {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch {
            return .failure(ConfigProblems([tomlProblem(error, file: file)]))
        }
        let top = TableReader(root, path: "", file: file)
        var problems: [ConfigProblem] = []

        var title = name
        var zone: ZoneRules?
        var quietHours: QuietHours?
        var maxReminders: Int?
        var calendar = HolidayCalendar.none
        if let table = top.tables("policy").first {
            let reader = TableReader(table, path: "policy", file: file)
            title = reader.string("title") ?? name
            _ = reader.string("description")
            if let text = reader.string("quiet-hours", expected: "a span such as \"22:00-07:00\"") {
                quietHours = QuietHours.parse(text)
                if quietHours == nil {
                    reader.problem("quiet-hours", "\"\(text)\" is not a span of the day; expected e.g. \"22:00-07:00\"")
                }
            }
            maxReminders = reader.int("max-reminders-per-day", range: 1...100)
            zone = timeZone(reader)
            for id in reader.strings("holidays") ?? [] {
                if let found = holidays[id] {
                    calendar = calendar.merging(found)
                } else {
                    let known = holidays.keys.sorted().joined(separator: ", ")
                    reader.problem(
                        "holidays", "no holiday calendar \"\(id)\"; known: \(known.isEmpty ? "none" : known)")
                }
            }
            problems += reader.finish()
        }

        var obligations: [Obligation] = []
        for (i, table) in top.tables("obligation").enumerated() {
            let reader = TableReader(table, path: "obligation.\(i + 1)", file: file)
            if let obligation = self.obligation(reader) {
                if obligations.contains(where: { $0.id == obligation.id }) {
                    reader.problem("id", "\"\(obligation.id)\" is used twice; expected a unique id")
                }
                obligations.append(obligation)
            }
            problems += reader.finish()
        }
        if obligations.isEmpty && problems.isEmpty {
            top.problem("obligation", "missing; expected at least one [[obligation]]")
        }

        var reminders: [Reminder] = []
        for (i, table) in top.tables("reminder").enumerated() {
            let reader = TableReader(table, path: "reminder.\(i + 1)", file: file)
            if let reminder = self.reminder(reader, index: i + 1, obligations: obligations) {
                reminders.append(reminder)
            }
            problems += reader.finish()
        }

        var escalation: [EscalationStep] = []
        for (i, table) in top.tables("escalation").enumerated() {
            let reader = TableReader(table, path: "escalation.\(i + 1)", file: file)
            if let step = self.step(reader) { escalation.append(step) }
            problems += reader.finish()
        }

        var sanctions = SanctionThresholds.statutory
        if let table = top.tables("sanctions").first {
            let reader = TableReader(table, path: "sanctions", file: file)
            sanctions = self.sanctions(reader)
            problems += reader.finish()
        }

        problems = top.finish() + problems
        guard problems.isEmpty else { return .failure(ConfigProblems(problems)) }
        var policy = Policy(
            name: name, title: title, timeZone: zone, holidays: calendar, obligations: obligations,
            reminders: reminders, escalation: escalation, sanctions: sanctions)
        policy.quietHours = quietHours
        policy.maxRemindersPerDay = maxReminders
        return .success(policy)
    }

    func timeZone(_ reader: TableReader) -> ZoneRules? {
        guard let name = reader.string("time-zone", expected: "an IANA zone such as \"Asia/Shanghai\"") else {
            return nil
        }
        guard let zone = zones.zone(named: name) else {
            reader.problem(
                "time-zone", "\"\(name)\" is not a known time zone; expected an IANA zone such as \"Asia/Shanghai\"")
            return nil
        }
        return zone
    }

    func recipients(_ reader: TableReader) -> [Recipient] {
        let words = Recipient.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let names = reader.strings("to", required: true, expected: "a list of \(words)") else { return [] }
        if names.isEmpty { reader.problem("to", "is empty; expected at least one of \(words)") }
        return names.compactMap { name in
            guard let recipient = Recipient(rawValue: name) else {
                reader.problem("to", "\"\(name)\" is not a recipient; expected \(words)")
                return nil
            }
            return recipient
        }
    }

    func channels(_ reader: TableReader) -> [String] {
        let names = reader.strings("channels") ?? []
        for name in names where !isIdentifier(name) {
            reader.problem("channels", "\"\(name)\" is not a channel name; expected lower-case letters, digits and -")
        }
        return names
    }

    func template(_ reader: TableReader) -> String? {
        guard let id = reader.string("template", required: true, expected: "a message template id") else { return nil }
        if !isIdentifier(id) {
            reader.problem("template", "\"\(id)\" is not a template id; expected lower-case letters, digits and -")
        }
        return id
    }
}

/// A language tag as template files are named: `en`, `zh-CN`, `zh-Hant-TW` (2–3 letters, then subtags).
func isLanguageTag(_ text: String) -> Bool {
    let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = subtags.first, (2...3).contains(first.count),
        first.allSatisfy({ $0.isASCII && $0.isLetter })
    else { return false }
    return subtags.dropFirst().allSatisfy {
        (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}

/// Ids, channel and template names: lower-case ASCII letters, digits and `-`, starting with a letter.
func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 64 else { return false }
    return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
}
