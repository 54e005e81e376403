import GRDB

/// A supervised person as stored. Times are microseconds since the epoch.
public struct PersonRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "person"
    public var caseID: String
    public var name: String
    public var phone: String?
    public var policy: String
    public var officer: String?
    public var timeZone: String
    public var supervisionStart: Int64
    public var supervisionEnd: Int64?
    /// JSON array of tags.
    public var tags: String
    public var addedAt: Int64
    public var addedBy: Int64
    /// Language of the person's own messages (`zh-CN`, `en`); nil = the office's (`[notify] language`).
    public var language: String?

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id", name, phone, policy, officer, timeZone = "time_zone"
        case supervisionStart = "supervision_start", supervisionEnd = "supervision_end", tags
        case addedAt = "added_at", addedBy = "added_by", language
    }

    public init(
        caseID: String, name: String, phone: String?, policy: String, officer: String?, timeZone: String,
        supervisionStart: Int64, supervisionEnd: Int64?, tags: String, addedAt: Int64, addedBy: Int64,
        language: String? = nil
    ) {
        self.caseID = caseID
        self.name = name
        self.phone = phone
        self.policy = policy
        self.officer = officer
        self.timeZone = timeZone
        self.supervisionStart = supervisionStart
        self.supervisionEnd = supervisionEnd
        self.tags = tags
        self.addedAt = addedAt
        self.addedBy = addedBy
        self.language = language
    }
}

/// One input the engine applied to a person, in order; replaying these rebuilds the person's state.
public struct InputRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "input"
    public var seq: Int64?
    public var caseID: String
    public var appliedAt: Int64
    /// `check-in`, `add-leave`, … (see the daemon's input codec).
    public var kind: String
    /// JSON object with the input's fields.
    public var payload: String
    public var callerUID: Int64
    public var callerName: String

    enum CodingKeys: String, CodingKey {
        case seq, caseID = "case_id", appliedAt = "applied_at", kind, payload, callerUID = "caller_uid"
        case callerName = "caller_name"
    }

    public init(caseID: String, appliedAt: Int64, kind: String, payload: String, callerUID: Int64, callerName: String) {
        self.caseID = caseID
        self.appliedAt = appliedAt
        self.kind = kind
        self.payload = payload
        self.callerUID = callerUID
        self.callerName = callerName
    }
}

/// The policy directory's files as they were from `effective` on.
public struct PolicySetRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "policy_set"
    public var id: Int64?
    public var effective: Int64
    public var hash: String
    /// JSON object: relative path → file text.
    public var files: String

    public init(effective: Int64, hash: String, files: String) {
        self.effective = effective
        self.hash = hash
        self.files = files
    }
}
