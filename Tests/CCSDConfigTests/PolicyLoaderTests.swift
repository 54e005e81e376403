import CCSDConfig
import CCSDCore
import CCSDTime
import CCSDZoneInfo
import Foundation
import Testing

@Suite("Policy and holiday files")
struct PolicyLoaderTests {
    static let zones = ZoneDatabase()
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func parse(_ text: String, holidays: [String: HolidayCalendar] = [:]) -> Result<Policy, ConfigProblems> {
        PolicyLoader(zones: Self.zones, holidays: holidays).parse(text, name: "test", file: "test.toml")
    }

    func problems(_ text: String) -> [String] {
        guard case .failure(let problems) = parse(text) else { return [] }
        return problems.problems.map(\.description)
    }

    static let minimal = """
        [[obligation]]
        id = "weekly"
        kind = "phone"
        schedule = "Mon *-*-* 09:00"
        window = "12h"
        """

    @Test("the shipped policies and the 2026 holiday calendar are valid")
    func shippedPolicies() throws {
        let (set, problems) = PolicySet.load([Self.root.appendingPathComponent("policies").path], zones: Self.zones)
        #expect(problems.map(\.description) == [])
        #expect(Set(set.policies.keys) == ["strict", "ordinary", "lenient"])
        let strict = try #require(set.policies["strict"])
        #expect(strict.obligations.map(\.id).contains("initial-report"))
        // Every shipped obligation has a title in both languages of the shipped templates.
        for policy in set.policies.values {
            for obligation in policy.obligations {
                #expect(Set(obligation.titles.keys) == ["zh-CN", "en"], "\(policy.name) \(obligation.id)")
            }
        }
        #expect(strict.sanctions == .statutory)
        let calendar = strict.holidays
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 2, day: 16)!))  // Spring Festival Monday
        #expect(calendar.isWorkingDay(CivilDate(year: 2026, month: 2, day: 14)!))  // make-up Saturday
        #expect(calendar.isWorkingDay(CivilDate(year: 2026, month: 3, day: 2)!))
        #expect(calendar.holidays.count == 3 + 9 + 3 + 5 + 3 + 3 + 7)
    }

    @Test("a minimal policy gets the documented defaults")
    func defaults() throws {
        let policy = try parse(Self.minimal).get()
        let obligation = try #require(policy.obligations.first)
        #expect(obligation.window == .hours(12) && obligation.grace == .zero)
        #expect(obligation.onHoliday == .keep && obligation.onLeave == .excuse)
        #expect(obligation.accepts == ["phone"])
        #expect(policy.sanctions == .statutory && policy.title == "test")
    }

    @Test("an obligation's title: a table by language or one string; bad ones are named by key")
    func titles() throws {
        let table = try parse(
            Self.minimal + "\ntitle = { zh-CN = \"每周电话报到\", en = \"weekly phone report\" }"
        ).get()
        let obligation = try #require(table.obligations.first)
        #expect(obligation.titles == ["zh-CN": "每周电话报到", "en": "weekly phone report"])
        #expect(obligation.title(in: "en") == "weekly phone report" && obligation.title(in: "fr") == "weekly")
        let single = try parse(Self.minimal + "\ntitle = \"电话报到\"").get()
        #expect(single.obligations.first?.title(in: "en") == "电话报到")
        #expect(try parse(Self.minimal).get().obligations.first?.title(in: "zh-CN") == "weekly")
        #expect(
            problems(Self.minimal + "\ntitle = { chinese = \"x\", en = 3, zh-CN = \"\" }") == [
                "test.toml: [obligation.1.title.chinese]: \"chinese\" is not a language tag; expected e.g. zh-CN or en",
                "test.toml: [obligation.1.title.en]: is of type integer; expected a string",
                "test.toml: [obligation.1.title.zh-CN]: \"\" is not a title; expected 1 to 100 characters on one line",
            ])
        #expect(
            problems(Self.minimal + "\ntitle = 7").first?.hasPrefix(
                "test.toml: [obligation.1.title]: is of type integer; expected a table of titles by language") == true)
    }

    @Test("every problem names its key and says what is expected")
    func precise() {
        let found = problems(
            """
            [policy]
            titel = "typo"
            time-zone = "Mars/Olympus"

            [[obligation]]
            id = "weekly"
            kind = "telepathy"
            schedule = "Mon..Fry 09:00"
            window = "12 hours please"
            on-holiday = "sometimes"

            [[reminder]]
            before = "1d"
            to = ["mayor"]
            template = "r"
            obligations = ["nope"]
            """)
        #expect(
            found.contains(
                "test.toml: [policy.titel]: unknown key; expected one of: description, holidays, max-reminders-per-day, quiet-hours, time-zone, title"
            ))
        #expect(
            found.contains { $0.hasPrefix("test.toml: [policy.time-zone]: \"Mars/Olympus\" is not a known time zone") })
        #expect(
            found.contains { $0.hasPrefix("test.toml: [obligation.1.kind]: \"telepathy\" is not a kind of report") })
        #expect(found.contains { $0.hasPrefix("test.toml: [obligation.1.schedule]:") && $0.contains("Fry") })
        #expect(
            found.contains { $0.hasPrefix("test.toml: [obligation.1.window]: \"12 hours please\" is not a duration") })
        #expect(found.contains { $0.hasPrefix("test.toml: [obligation.1.on-holiday]: \"sometimes\" is not allowed") })
        #expect(found.contains { $0.hasPrefix("test.toml: [reminder.1.to]: \"mayor\" is not a recipient") })
        #expect(found.contains { $0.hasPrefix("test.toml: [reminder.1.obligations]: no obligation \"nope\"") })
        #expect(found.count == 8, "\(found.joined(separator: "\n"))")
    }

    @Test("wrong types, missing keys, duplicates and TOML syntax errors")
    func structural() {
        #expect(
            problems("[[obligation]]\nid = 3\n").contains(
                "test.toml: [obligation.1.id]: is of type integer; expected an id such as \"weekly-in-person\""))
        #expect(
            problems("[[obligation]]\nid = \"x\"\n").contains {
                $0.hasPrefix("test.toml: [obligation.1.kind]: missing; expected one of")
            })
        #expect(problems(Self.minimal + "\n" + Self.minimal).contains { $0.contains("\"weekly\" is used twice") })
        #expect(
            problems("[policy]\ntitle = \"x\"\n") == [
                "test.toml: [obligation]: missing; expected at least one [[obligation]]"
            ])
        let syntax = problems("[policy\ntitle = 1")
        #expect(syntax.count == 1 && syntax[0].hasPrefix("test.toml: line 1, column"))
        #expect(
            problems(Self.minimal + "\nrepeat-every = \"1h\"\n").contains {
                $0.contains("[obligation.1.repeat-every]: unknown key")
            })
    }

    @Test("escalation repeat needs both keys; unknown holiday calendars are named")
    func escalationAndHolidays() {
        let text =
            Self.minimal + """

                [[escalation]]
                after = "0s"
                to = ["officer"]
                template = "missed"
                repeat-every = "4h"
                """
        #expect(
            problems(text) == ["test.toml: [escalation.1.repeat-every]: needs repeat-limit; expected both or neither"])
        let holidays = "[policy]\nholidays = [\"xx\"]\n" + Self.minimal
        #expect(problems(holidays) == ["test.toml: [policy.holidays]: no holiday calendar \"xx\"; known: none"])
    }

    @Test("holiday files: a day both off and working is an error")
    func holidayFile() {
        let text = """
            [calendar]
            id = "cn-mainland"
            [[holiday]]
            name = "x"
            from = 2026-02-15
            until = 2026-02-16
            [[workday]]
            date = 2026-02-16
            """
        guard case .failure(let problems) = HolidayLoader().parse(text, file: "h.toml") else {
            Issue.record("expected a problem")
            return
        }
        #expect(
            problems.problems.map(\.description) == ["h.toml: [workday.1.date]: 2026-02-16 is also listed as a holiday"]
        )
    }
}
