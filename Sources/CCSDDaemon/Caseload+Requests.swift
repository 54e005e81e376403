import CCSDCore
import CCSDNotify
import CCSDProtocol
import CCSDStore
import CCSDTime
import Foundation

extension Caseload {
    static let caseIDPattern = "letters, digits and -, starting with a letter or digit, at most 64 characters"

    static func isCaseID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        let ok = { (c: Unicode.Scalar) in c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) }
        return ok(first) && text.unicodeScalars.allSatisfy { ok($0) || $0 == "-" }
    }

    func time(_ text: String, parameter: String) throws(RequestError) -> Instant {
        guard let instant = TimeText.parse(text) else {
            throw .invalidValue(
                parameter: parameter, value: text,
                expected: "an RFC 3339 time with offset, e.g. 2026-12-01T09:30:00+08:00")
        }
        return instant
    }

    /// A person's message language: one the policy directory has templates for (`templates/en.toml`), matched in
    /// any case; without template files, zh-CN or en. "" or nil: none (the office's).
    func language(_ text: String?) throws(RequestError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        var known = MessageTemplates.languages(inDirectory: "\(policyDirectory)/templates")
        if known.isEmpty { known = ["en", "zh-CN"] }
        guard let found = known.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw .invalidValue(
                parameter: "language", value: text,
                expected: "a language ccsd has message templates for: \(known.joined(separator: ", "))")
        }
        return found
    }

    public func addPerson(_ request: Methods.AddPerson, caller: Caller) async throws(RequestError) -> PersonInfo {
        let (row, engine, events) = try prepare(request, caller: caller, now: now())
        // In `entries` before the await: a reload meanwhile must see this person (and replay will).
        update(row.caseID, Entry(row: row, engine: engine), before: nil)
        _ = try await commit(WriteBatch(persons: [row], events: events), engineChanged: true)
        return info(row, engine: entries[row.caseID]?.engine ?? engine)
    }

    /// Validates a new person and builds their row, engine (advanced to `now`) and events, writing nothing.
    func prepare(_ request: Methods.AddPerson, caller: Caller, now: Instant) throws(RequestError) -> (
        PersonRow, Supervision, [EventDraft]
    ) {
        guard Self.isCaseID(request.caseID) else {
            throw .invalidValue(parameter: "case_id", value: request.caseID, expected: Self.caseIDPattern)
        }
        guard !exists(request.caseID) else { throw .personExists(request.caseID) }
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else {
            throw .invalidValue(parameter: "name", value: "(withheld)", expected: "1 to 200 characters")
        }
        if let phone = request.phone,
            phone.isEmpty || phone.count > 32 || !phone.allSatisfy({ $0.isNumber || "+- ()".contains($0) })
        {
            throw .invalidValue(parameter: "phone", value: "(withheld)", expected: "digits, +, -, spaces, at most 32")
        }
        guard let policy = library.current.policies[request.policy] else {
            throw .policyNotFound(request.policy, known: library.current.policies.keys.sorted())
        }
        let zoneName = request.timeZone ?? policy.timeZone?.identifier ?? officeZone.identifier
        guard zones.zone(named: zoneName) != nil else {
            throw .invalidValue(parameter: "time_zone", value: zoneName, expected: "an IANA zone such as Asia/Shanghai")
        }
        let start = try time(request.supervisionStart, parameter: "supervision_start")
        let end = try request.supervisionEnd.map { (text) throws(RequestError) in
            try time(text, parameter: "supervision_end")
        }
        if let end, end <= start {
            throw .invalidValue(
                parameter: "supervision_end", value: request.supervisionEnd!, expected: "after supervision_start")
        }
        let tags = request.tags ?? []
        for tag in tags where tag.isEmpty || tag.count > 64 {
            throw .invalidValue(parameter: "tags", value: tag, expected: "1 to 64 characters")
        }
        let language = try language(request.language)
        let tagText = String(decoding: (try? JSONEncoder().encode(tags.sorted())) ?? Data("[]".utf8), as: UTF8.self)
        let row = PersonRow(
            caseID: request.caseID, name: name, phone: request.phone, policy: policy.name, officer: request.officer,
            timeZone: zoneName, supervisionStart: start.microseconds, supervisionEnd: end?.microseconds, tags: tagText,
            addedAt: now.microseconds, addedBy: Int64(caller.uid), language: language)
        guard let record = record(row) else { throw .unavailable("time zone \(zoneName) vanished") }
        var engine = Supervision(person: record, policy: policy, trackingFrom: now)
        let actions = engine.advance(to: now)
        var events = [
            EventDraft(
                type: "person-added", at: now.microseconds,
                fields: [
                    "person": row.caseID, "policy": policy.name, "caller_uid": String(caller.uid),
                    "caller": caller.name, "officer": row.officer ?? "",
                    "message": "\(row.caseID) added on policy \(policy.name) by \(caller.name)",
                ])
        ]
        events += drafts(actions, person: record, now: now)
        return (row, engine, events)
    }
}
