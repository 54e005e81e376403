import CCSDTime

/// What the engine needs to know of a supervised person: never a name or phone number.
public struct PersonRecord: Sendable, Hashable {
    /// The case id (`JX-2026-0042`), the only identifier that reaches the journal.
    public var caseID: String
    /// The person's home time zone; obligations without a zone of their own use it.
    public var timeZone: ZoneRules
    public var supervisionStart: Instant
    /// When supervision ends (sentence served, revoked …); nil = open-ended.
    public var supervisionEnd: Instant?
    /// Tags obligations can select with `applies-to` (`temporary-service`, `medical-parole`, `juvenile`).
    public var tags: Set<String>
    public var officer: String?

    public init(
        caseID: String, timeZone: ZoneRules, supervisionStart: Instant, supervisionEnd: Instant? = nil,
        tags: Set<String> = [], officer: String? = nil
    ) {
        self.caseID = caseID
        self.timeZone = timeZone
        self.supervisionStart = supervisionStart
        self.supervisionEnd = supervisionEnd
        self.tags = tags
        self.officer = officer
    }
}
