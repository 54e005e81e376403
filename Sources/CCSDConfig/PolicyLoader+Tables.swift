import CCSDCore
import CCSDTime
import Foundation

extension PolicyLoader {
    func obligation(_ reader: TableReader) -> Obligation? {
        let id = reader.string("id", required: true, expected: "an id such as \"weekly-in-person\"")
        if let id, !isIdentifier(id) {
            reader.problem("id", "\"\(id)\" is not an id; expected lower-case letters, digits and -")
        }
        let kinds = Obligation.kinds.map { "\"\($0)\"" }.joined(separator: ", ")
        let kind = reader.string("kind", required: true, expected: "one of \(kinds)")
        if let kind, !Obligation.kinds.contains(kind) {
            reader.problem("kind", "\"\(kind)\" is not a kind of report; expected one of \(kinds)")
        }
        let accepts = reader.strings("accepts") ?? []
        for method in accepts where !Obligation.kinds.contains(method) {
            reader.problem("accepts", "\"\(method)\" is not a check-in method; expected one of \(kinds)")
        }
        let schedule = self.schedule(reader)
        let window = reader.span("window", required: true, allowZero: false)
        let grace = reader.span("grace") ?? .zero
        let zone = timeZone(reader)
        let onHoliday = reader.choice("on-holiday", Obligation.HolidayRule.self) ?? .keep
        let onLeave = reader.choice("on-leave", Obligation.LeaveRule.self) ?? .excuse
        let appliesTo = reader.strings("applies-to") ?? []
        let activeFrom = reader.span("active-from") ?? .zero
        let activeUntil = reader.span("active-until", allowZero: false)
        if let activeUntil, activeUntil <= activeFrom {
            reader.problem("active-until", "must be later than active-from (\(activeFrom))")
        }
        let titles = self.titles(reader)
        guard let id, let kind, let schedule, let window else { return nil }
        return Obligation(
            id: id, kind: kind, accepts: Set(accepts), schedule: schedule, window: window, grace: grace,
            timeZone: zone, onHoliday: onHoliday, onLeave: onLeave, appliesTo: Set(appliesTo),
            activeFrom: activeFrom, activeUntil: activeUntil, titles: titles)
    }

    /// `title = { zh-CN = "每周电话报到", en = "weekly phone report" }`, or one string for every language (key "").
    func titles(_ reader: TableReader) -> [String: String] {
        let expected = "a table of titles by language such as { zh-CN = \"每周电话报到\", en = \"weekly phone report\" }"
        guard let value = reader.table["title"] else { return [:] }
        guard let table = value.table else {
            guard let text = reader.string("title", expected: "\(expected), or a string") else { return [:] }
            return title(text, key: "title", reader).map { ["": $0] } ?? [:]
        }
        _ = reader.tables("title")
        var titles: [String: String] = [:]
        for language in table.keys.sorted() {
            let key = "title.\(language)"
            guard isLanguageTag(language) else {
                reader.problem(key, "\"\(language)\" is not a language tag; expected e.g. zh-CN or en")
                continue
            }
            guard let text = table[language]?.string else {
                reader.problem(key, "is of type \(table[language]!.type); expected a string")
                continue
            }
            titles[language] = title(text, key: key, reader)
        }
        if table.keys.isEmpty { reader.problem("title", "is empty; expected \(expected)") }
        return titles
    }

    func title(_ text: String, key: String, _ reader: TableReader) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100, !trimmed.contains(where: \.isNewline) else {
            reader.problem(key, "\"\(text)\" is not a title; expected 1 to 100 characters on one line")
            return nil
        }
        return trimmed
    }

    func schedule(_ reader: TableReader) -> Obligation.Schedule? {
        let expected = "an OnCalendar= expression such as \"Mon *-*-* 09:00\", or \"supervision-start\""
        guard let text = reader.string("schedule", required: true, expected: expected) else { return nil }
        if text == "supervision-start" { return .supervisionStart }
        do {
            return .calendar(try CalendarSpec.parse(text, zones: zones))
        } catch {
            reader.problem("schedule", "\(error); expected \(expected)")
            return nil
        }
    }

    func reminder(_ reader: TableReader, index: Int, obligations: [Obligation]) -> Reminder? {
        let id = reader.string("id") ?? "r\(index)"
        let names = reader.strings("obligations") ?? []
        for name in names where !obligations.contains(where: { $0.id == name }) {
            let known = obligations.map(\.id).joined(separator: ", ")
            reader.problem("obligations", "no obligation \"\(name)\" in this policy; expected one of \(known)")
        }
        let lead = reader.span("before", required: true)
        let anchor = reader.choice("of", Reminder.Anchor.self) ?? .open
        let recipients = recipients(reader)
        let channels = channels(reader)
        let template = template(reader)
        guard let lead, let template, !recipients.isEmpty else { return nil }
        return Reminder(
            id: id, obligations: names, lead: lead, anchor: anchor, recipients: recipients, channels: channels,
            template: template)
    }

    func step(_ reader: TableReader) -> EscalationStep? {
        let after = reader.span("after", required: true)
        let recipients = recipients(reader)
        let channels = channels(reader)
        let template = template(reader)
        let every = reader.span("repeat-every", allowZero: false)
        let limit = reader.int("repeat-limit", range: 0...1000)
        if limit != nil && every == nil {
            reader.problem("repeat-limit", "needs repeat-every; expected both or neither")
        }
        if every != nil && limit == nil {
            reader.problem("repeat-every", "needs repeat-limit; expected both or neither")
        }
        guard let after, let template, !recipients.isEmpty else { return nil }
        return EscalationStep(
            after: after, recipients: recipients, channels: channels, template: template, repeatEvery: every,
            repeatLimit: limit ?? 0)
    }

    func sanctions(_ reader: TableReader) -> SanctionThresholds {
        let statutory = SanctionThresholds.statutory
        return SanctionThresholds(
            admonitionOnMiss: reader.bool("admonition-on-miss") ?? statutory.admonitionOnMiss,
            warningAfterOutOfContact: reader.span("warning-after-out-of-contact", allowZero: false)
                ?? statutory.warningAfterOutOfContact,
            revocationAfterOutOfContact: reader.span("revocation-after-out-of-contact", allowZero: false)
                ?? statutory.revocationAfterOutOfContact,
            warningAfterAdmonitions: reader.int("warning-after-admonitions", range: 1...100)
                ?? statutory.warningAfterAdmonitions,
            revocationAfterWarnings: reader.int("revocation-after-warnings", range: 1...100)
                ?? statutory.revocationAfterWarnings)
    }
}
