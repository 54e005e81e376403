import CCSDVarlink

/// Parameters and replies of `io.ccsd.Supervision`'s methods.
public enum Methods {
    public struct GetStatusReply: Codable, Sendable {
        public var status: StatusInfo
        public init(status: StatusInfo) { self.status = status }
    }

    public struct AddPerson: Codable, Sendable {
        public var caseID: String
        public var name: String
        public var phone: String?
        public var policy: String
        public var officer: String?
        public var timeZone: String?
        public var supervisionStart: String
        public var supervisionEnd: String?
        public var tags: [String]?
        /// Language of the person's own messages (`zh-CN`, `en`); nil = the office's.
        public var language: String?

        enum CodingKeys: String, CodingKey {
            case caseID = "case_id", name, phone, policy, officer, timeZone = "time_zone"
            case supervisionStart = "supervision_start", supervisionEnd = "supervision_end", tags, language
        }

        public init(
            caseID: String, name: String, phone: String? = nil, policy: String, officer: String? = nil,
            timeZone: String? = nil, supervisionStart: String, supervisionEnd: String? = nil, tags: [String]? = nil,
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
            self.language = language
        }
    }

    public struct AddPersonReply: Codable, Sendable {
        public var person: PersonInfo
        public init(person: PersonInfo) { self.person = person }
    }

    public struct RecordCheckIn: Codable, Sendable {
        public var caseID: String
        public var method: String
        public var at: String?
        public var note: String?

        enum CodingKeys: String, CodingKey { case caseID = "case_id", method, at, note }

        public init(caseID: String, method: String, at: String? = nil, note: String? = nil) {
            self.caseID = caseID
            self.method = method
            self.at = at
            self.note = note
        }
    }

    public struct RecordCheckInReply: Codable, Sendable, Hashable, JSONObjectRepresentable {
        public var outcome: String
        public var occurrence: String?
        public var incident: String?
        public var recordedAt: String
        public var eventSeq: Int64

        enum CodingKeys: String, CodingKey {
            case outcome, occurrence, incident, recordedAt = "recorded_at", eventSeq = "event_seq"
        }

        public init(outcome: String, occurrence: String?, incident: String?, recordedAt: String, eventSeq: Int64) {
            self.outcome = outcome
            self.occurrence = occurrence
            self.incident = incident
            self.recordedAt = recordedAt
            self.eventSeq = eventSeq
        }

        /// As the coding keys say; a reply to every check-in, so it skips `JSONEncoder`.
        public var jsonObject: [String: JSONValue] {
            var members: [String: JSONValue] = [
                "outcome": .string(outcome), "recorded_at": .string(recordedAt), "event_seq": .int(eventSeq),
            ]
            members["occurrence"] = occurrence.map(JSONValue.string)
            members["incident"] = incident.map(JSONValue.string)
            return members
        }
    }

    public struct GetPerson: Codable, Sendable {
        public var caseID: String
        enum CodingKeys: String, CodingKey { case caseID = "case_id" }
        public init(caseID: String) { self.caseID = caseID }
    }

    public struct GetPersonReply: Codable, Sendable {
        public var person: PersonInfo
        public var windows: [WindowInfo]
        public var incidents: [IncidentInfo]
        public var proposals: [ProposalInfo]

        public init(person: PersonInfo, windows: [WindowInfo], incidents: [IncidentInfo], proposals: [ProposalInfo]) {
            self.person = person
            self.windows = windows
            self.incidents = incidents
            self.proposals = proposals
        }
    }

    public struct GetEvents: Codable, Sendable {
        public var caseID: String?
        public var afterSeq: Int64?
        public var limit: Int?
        enum CodingKeys: String, CodingKey { case caseID = "case_id", afterSeq = "after_seq", limit }
        public init(caseID: String? = nil, afterSeq: Int64? = nil, limit: Int? = nil) {
            self.caseID = caseID
            self.afterSeq = afterSeq
            self.limit = limit
        }
    }

    public struct GetEventsReply: Codable, Sendable {
        public var events: [EventInfo]
        public init(events: [EventInfo]) { self.events = events }
    }
}
