/// Parameters and replies of the caseload methods of `io.ccsd.Supervision`.
extension Methods {
    public struct UpdatePerson: Codable, Sendable {
        public var caseID: String
        public var name: String?
        public var phone: String?
        public var officer: String?
        public var policy: String?
        /// Language of the person's own messages; "" = back to the office's.
        public var language: String?
        enum CodingKeys: String, CodingKey { case caseID = "case_id", name, phone, officer, policy, language }
        public init(
            caseID: String, name: String? = nil, phone: String? = nil, officer: String? = nil, policy: String? = nil,
            language: String? = nil
        ) {
            self.caseID = caseID
            self.name = name
            self.phone = phone
            self.officer = officer
            self.policy = policy
            self.language = language
        }
    }

    public struct EndSupervision: Codable, Sendable {
        public var caseID: String
        public var reason: String
        enum CodingKeys: String, CodingKey { case caseID = "case_id", reason }
        public init(caseID: String, reason: String) {
            self.caseID = caseID
            self.reason = reason
        }
    }

    public struct ListPersons: Codable, Sendable {
        public var officer: String?
        public var policy: String?
        public var status: String?
        public var hasOpenIncident: Bool?
        enum CodingKeys: String, CodingKey { case officer, policy, status, hasOpenIncident = "has_open_incident" }
        public init(officer: String? = nil, policy: String? = nil, status: String? = nil, hasOpenIncident: Bool? = nil)
        {
            self.officer = officer
            self.policy = policy
            self.status = status
            self.hasOpenIncident = hasOpenIncident
        }
    }

    public struct ListPersonsReply: Codable, Sendable {
        public var persons: [PersonSummaryInfo]
        public init(persons: [PersonSummaryInfo]) { self.persons = persons }
    }

    public struct FollowEvents: Codable, Sendable {
        public var afterSeq: Int64?
        enum CodingKeys: String, CodingKey { case afterSeq = "after_seq" }
        public init(afterSeq: Int64? = nil) { self.afterSeq = afterSeq }
    }

    public struct FollowEventsReply: Codable, Sendable {
        public var event: EventInfo
        public init(event: EventInfo) { self.event = event }
    }

    public struct ComplianceReport: Codable, Sendable {
        public var from: String
        public var to: String
        public var officer: String?
        public init(from: String, to: String, officer: String? = nil) {
            self.from = from
            self.to = to
            self.officer = officer
        }
    }

    public struct ComplianceReportReply: Codable, Sendable {
        public var persons: [ComplianceRow]
        public var officers: [ComplianceRow]
        public init(persons: [ComplianceRow], officers: [ComplianceRow]) {
            self.persons = persons
            self.officers = officers
        }
    }
}

/// One line of the person list (`io.ccsd.Supervision.PersonSummary`).
public struct PersonSummaryInfo: Codable, Sendable, Hashable {
    public var caseID: String
    public var name: String
    public var policy: String
    public var officer: String?
    public var status: String
    public var openIncidents: Int
    public var pendingProposals: Int
    public var nextWindow: String?
    enum CodingKeys: String, CodingKey {
        case caseID = "case_id", name, policy, officer, status, openIncidents = "open_incidents"
        case pendingProposals = "pending_proposals", nextWindow = "next_window"
    }
    public init(
        caseID: String, name: String, policy: String, officer: String?, status: String, openIncidents: Int,
        pendingProposals: Int, nextWindow: String?
    ) {
        self.caseID = caseID
        self.name = name
        self.policy = policy
        self.officer = officer
        self.status = status
        self.openIncidents = openIncidents
        self.pendingProposals = pendingProposals
        self.nextWindow = nextWindow
    }
}

/// Window outcomes of a person or an officer (`io.ccsd.Supervision.ComplianceRow`).
public struct ComplianceRow: Codable, Sendable, Hashable {
    public var key: String
    public var officer: String?
    public var windows = 0
    public var onTime = 0
    public var late = 0
    public var missed = 0
    public var excused = 0
    public var pending = 0
    public var onTimeRate: Double?
    enum CodingKeys: String, CodingKey {
        case key, officer, windows, onTime = "on_time", late, missed, excused, pending, onTimeRate = "on_time_rate"
    }
    public init(key: String, officer: String?) {
        self.key = key
        self.officer = officer
    }
}

extension Methods {
    public struct ImportPersons: Codable, Sendable {
        public var csv: String
        public var dryRun: Bool?
        enum CodingKeys: String, CodingKey { case csv, dryRun = "dry_run" }
        public init(csv: String, dryRun: Bool? = nil) {
            self.csv = csv
            self.dryRun = dryRun
        }
    }

    public struct ImportPersonsReply: Codable, Sendable, Hashable {
        public var imported: Int
        public var problems: [ImportProblem]
        public init(imported: Int, problems: [ImportProblem]) {
            self.imported = imported
            self.problems = problems
        }
    }

    public struct ImportProblem: Codable, Sendable, Hashable {
        public var line: Int
        public var message: String
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public struct ExportPersons: Codable, Sendable {
        public var officer: String?
        public init(officer: String? = nil) { self.officer = officer }
    }

    public struct ExportPersonsReply: Codable, Sendable {
        public var csv: String
        public init(csv: String) { self.csv = csv }
    }
}

extension Methods {
    public struct CorrectCheckIn: Codable, Sendable {
        public var caseID: String
        public var eventSeq: Int64
        public var reason: String
        enum CodingKeys: String, CodingKey { case caseID = "case_id", eventSeq = "event_seq", reason }
        public init(caseID: String, eventSeq: Int64, reason: String) {
            self.caseID = caseID
            self.eventSeq = eventSeq
            self.reason = reason
        }
    }

    public struct CorrectCheckInReply: Codable, Sendable, Hashable {
        public var correctionSeq: Int64
        public var consequences: Int
        enum CodingKeys: String, CodingKey { case correctionSeq = "correction_seq", consequences }
        public init(correctionSeq: Int64, consequences: Int) {
            self.correctionSeq = correctionSeq
            self.consequences = consequences
        }
    }
}

extension Methods {
    public struct ListDeliveries: Codable, Sendable {
        public var failedOnly: Bool?
        public var limit: Int?
        enum CodingKeys: String, CodingKey { case failedOnly = "failed_only", limit }
        public init(failedOnly: Bool? = nil, limit: Int? = nil) {
            self.failedOnly = failedOnly
            self.limit = limit
        }
    }

    public struct ListDeliveriesReply: Codable, Sendable {
        public var deliveries: [DeliveryRecord]
        public init(deliveries: [DeliveryRecord]) { self.deliveries = deliveries }
    }

    public struct TestNotification: Codable, Sendable {
        public var channel: String
        public var address: String?
        public init(channel: String, address: String? = nil) {
            self.channel = channel
            self.address = address
        }
    }

    public struct TestNotificationReply: Codable, Sendable, Hashable {
        public var result: String
        public var detail: String
        public init(result: String, detail: String) {
            self.result = result
            self.detail = detail
        }
    }
}

/// One notification in the outbox (`io.ccsd.Supervision.DeliveryRecord`).
public struct DeliveryRecord: Codable, Sendable, Hashable {
    public var id: Int64
    public var caseID: String?
    public var event: String
    public var channel: String
    public var recipient: String
    public var template: String
    public var state: String
    public var attempts: Int
    public var lastError: String?
    public var created: String
    public var delivered: String?
    enum CodingKeys: String, CodingKey {
        case id, caseID = "case_id", event, channel, recipient, template, state, attempts, lastError = "last_error"
        case created, delivered
    }
    public init(
        id: Int64, caseID: String?, event: String, channel: String, recipient: String, template: String,
        state: String, attempts: Int, lastError: String?, created: String, delivered: String?
    ) {
        self.id = id
        self.caseID = caseID
        self.event = event
        self.channel = channel
        self.recipient = recipient
        self.template = template
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.created = created
        self.delivered = delivered
    }
}
