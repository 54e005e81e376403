/// A supervised person on the wire (`io.ccsd.Supervision.Person`).
public struct PersonInfo: Codable, Sendable, Hashable {
    public var caseID: String
    public var name: String
    public var phone: String?
    public var policy: String
    public var officer: String?
    public var timeZone: String
    public var supervisionStart: String
    public var supervisionEnd: String?
    public var tags: [String]
    public var status: String
    /// Language of the person's own messages; nil = the office's.
    public var language: String?

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id", name, phone, policy, officer, timeZone = "time_zone"
        case supervisionStart = "supervision_start", supervisionEnd = "supervision_end", tags, status, language
    }

    public init(
        caseID: String, name: String, phone: String?, policy: String, officer: String?, timeZone: String,
        supervisionStart: String, supervisionEnd: String?, tags: [String], status: String, language: String? = nil
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
        self.status = status
        self.language = language
    }
}

/// A reporting window (`io.ccsd.Supervision.Window`).
public struct WindowInfo: Codable, Sendable, Hashable {
    public var occurrence: String
    public var obligation: String
    public var kind: String
    public var opens: String
    public var closes: String
    public var deadline: String
    public var state: String

    public init(
        occurrence: String, obligation: String, kind: String, opens: String, closes: String, deadline: String,
        state: String
    ) {
        self.occurrence = occurrence
        self.obligation = obligation
        self.kind = kind
        self.opens = opens
        self.closes = closes
        self.deadline = deadline
        self.state = state
    }
}

/// An unresolved incident (`io.ccsd.Supervision.Incident`).
public struct IncidentInfo: Codable, Sendable, Hashable {
    public var id: String
    public var occurrence: String
    public var obligation: String
    public var opened: String
    public var state: String

    public init(id: String, occurrence: String, obligation: String, opened: String, state: String) {
        self.id = id
        self.occurrence = occurrence
        self.obligation = obligation
        self.opened = opened
        self.state = state
    }
}

/// A pending sanction proposal (`io.ccsd.Supervision.Proposal`).
public struct ProposalInfo: Codable, Sendable, Hashable {
    public var id: String
    public var level: String
    public var reason: String
    public var proposed: String

    public init(id: String, level: String, reason: String, proposed: String) {
        self.id = id
        self.level = level
        self.reason = reason
        self.proposed = proposed
    }
}

/// One event of the audit log (`io.ccsd.Supervision.Event`).
public struct EventInfo: Codable, Sendable, Hashable {
    public var seq: Int64
    public var at: String
    public var recorded: String
    public var type: String
    public var person: String?
    public var fields: [String: String]
    public var hash: String

    public init(
        seq: Int64, at: String, recorded: String, type: String, person: String?, fields: [String: String], hash: String
    ) {
        self.seq = seq
        self.at = at
        self.recorded = recorded
        self.type = type
        self.person = person
        self.fields = fields
        self.hash = hash
    }
}

/// The daemon at a glance (`io.ccsd.Supervision.Status`).
public struct StatusInfo: Codable, Sendable, Hashable {
    public var version: String
    public var started: String
    public var persons: Int
    public var openWindows: Int
    public var openIncidents: Int
    public var pendingProposals: Int
    public var nextDeadline: String?
    public var policies: [String]

    enum CodingKeys: String, CodingKey {
        case version, started, persons, openWindows = "open_windows", openIncidents = "open_incidents"
        case pendingProposals = "pending_proposals", nextDeadline = "next_deadline", policies
    }

    public init(
        version: String, started: String, persons: Int, openWindows: Int, openIncidents: Int, pendingProposals: Int,
        nextDeadline: String?, policies: [String]
    ) {
        self.version = version
        self.started = started
        self.persons = persons
        self.openWindows = openWindows
        self.openIncidents = openIncidents
        self.pendingProposals = pendingProposals
        self.nextDeadline = nextDeadline
        self.policies = policies
    }
}
