/// Parameters and replies of the officers' methods of `io.ccsd.Supervision`.
extension Methods {
    public struct Acknowledge: Codable, Sendable {
        public var incident: String
        public var note: String?
        public init(incident: String, note: String? = nil) {
            self.incident = incident
            self.note = note
        }
    }

    public struct Resolve: Codable, Sendable {
        public var incident: String
        public var note: String
        public init(incident: String, note: String) {
            self.incident = incident
            self.note = note
        }
    }

    public struct Decide: Codable, Sendable {
        public var proposal: String
        public var decision: String
        public var note: String
        public init(proposal: String, decision: String, note: String) {
            self.proposal = proposal
            self.decision = decision
            self.note = note
        }
    }

    public struct AddLeave: Codable, Sendable {
        public var caseID: String
        public var from: String
        public var until: String
        public var destination: String
        public var approver: String?
        enum CodingKeys: String, CodingKey { case caseID = "case_id", from, until, destination, approver }
        public init(caseID: String, from: String, until: String, destination: String, approver: String? = nil) {
            self.caseID = caseID
            self.from = from
            self.until = until
            self.destination = destination
            self.approver = approver
        }
    }

    public struct LeaveReply: Codable, Sendable {
        public var leave: LeaveInfo
        public init(leave: LeaveInfo) { self.leave = leave }
    }

    public struct CancelLeave: Codable, Sendable {
        public var caseID: String
        public var leaveID: String
        enum CodingKeys: String, CodingKey { case caseID = "case_id", leaveID = "leave_id" }
        public init(caseID: String, leaveID: String) {
            self.caseID = caseID
            self.leaveID = leaveID
        }
    }

    public struct ListLeavesReply: Codable, Sendable {
        public var leaves: [LeaveInfo]
        public init(leaves: [LeaveInfo]) { self.leaves = leaves }
    }

    public struct Excuse: Codable, Sendable {
        public var caseID: String
        public var occurrence: String
        public var reason: String
        enum CodingKeys: String, CodingKey { case caseID = "case_id", occurrence, reason }
        public init(caseID: String, occurrence: String, reason: String) {
            self.caseID = caseID
            self.occurrence = occurrence
            self.reason = reason
        }
    }

    /// Parameters of the queue methods: an optional officer, and for ListUpcoming a span.
    public struct Queue: Codable, Sendable {
        public var officer: String?
        public var within: String?
        public init(officer: String? = nil, within: String? = nil) {
            self.officer = officer
            self.within = within
        }
    }

    public struct ListOverdueReply: Codable, Sendable {
        public var incidents: [OpenIncidentInfo]
        public init(incidents: [OpenIncidentInfo]) { self.incidents = incidents }
    }

    public struct ListUpcomingReply: Codable, Sendable {
        public var windows: [PersonWindowInfo]
        public init(windows: [PersonWindowInfo]) { self.windows = windows }
    }

    public struct ListProposalsReply: Codable, Sendable {
        public var proposals: [PersonProposalInfo]
        public init(proposals: [PersonProposalInfo]) { self.proposals = proposals }
    }

    public struct ExplainReply: Codable, Sendable {
        public var lines: [String]
        public init(lines: [String]) { self.lines = lines }
    }

    public struct ReloadReply: Codable, Sendable, Hashable {
        public var outcome: String
        public var problems: [String]
        public init(outcome: String, problems: [String]) {
            self.outcome = outcome
            self.problems = problems
        }
    }

    public struct VerifyAuditReply: Codable, Sendable, Hashable {
        public var events: Int
        public var intact: Bool
        public var firstBreak: Int64?
        public var reason: String?
        enum CodingKeys: String, CodingKey { case events, intact, firstBreak = "first_break", reason }
        public init(events: Int, intact: Bool, firstBreak: Int64?, reason: String?) {
            self.events = events
            self.intact = intact
            self.firstBreak = firstBreak
            self.reason = reason
        }
    }
}

/// Approved leave (`io.ccsd.Supervision.Leave`).
public struct LeaveInfo: Codable, Sendable, Hashable {
    public var id: String
    public var from: String
    public var until: String
    public var destination: String
    public var approver: String?
    public init(id: String, from: String, until: String, destination: String, approver: String?) {
        self.id = id
        self.from = from
        self.until = until
        self.destination = destination
        self.approver = approver
    }
}

/// An unresolved incident with its person (`io.ccsd.Supervision.OpenIncident`).
public struct OpenIncidentInfo: Codable, Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var officer: String?
    public var obligation: String
    public var opened: String
    public var state: String
    enum CodingKeys: String, CodingKey { case id, caseID = "case_id", officer, obligation, opened, state }
    public init(id: String, caseID: String, officer: String?, obligation: String, opened: String, state: String) {
        self.id = id
        self.caseID = caseID
        self.officer = officer
        self.obligation = obligation
        self.opened = opened
        self.state = state
    }
}

/// A window with its person (`io.ccsd.Supervision.PersonWindow`).
public struct PersonWindowInfo: Codable, Sendable, Hashable {
    public var caseID: String
    public var officer: String?
    public var window: WindowInfo
    enum CodingKeys: String, CodingKey { case caseID = "case_id", officer, window }
    public init(caseID: String, officer: String?, window: WindowInfo) {
        self.caseID = caseID
        self.officer = officer
        self.window = window
    }
}

/// A pending proposal with its person (`io.ccsd.Supervision.PersonProposal`).
public struct PersonProposalInfo: Codable, Sendable, Hashable {
    public var caseID: String
    public var officer: String?
    public var proposal: ProposalInfo
    enum CodingKeys: String, CodingKey { case caseID = "case_id", officer, proposal }
    public init(caseID: String, officer: String?, proposal: ProposalInfo) {
        self.caseID = caseID
        self.officer = officer
        self.proposal = proposal
    }
}

extension Methods {
    public struct ListIncidents: Codable, Sendable {
        public var officer: String?
        public var includeResolved: Bool?
        public var since: String?
        enum CodingKeys: String, CodingKey { case officer, includeResolved = "include_resolved", since }
        public init(officer: String? = nil, includeResolved: Bool? = nil, since: String? = nil) {
            self.officer = officer
            self.includeResolved = includeResolved
            self.since = since
        }
    }

    public struct ListIncidentsReply: Codable, Sendable {
        public var incidents: [IncidentRecord]
        public init(incidents: [IncidentRecord]) { self.incidents = incidents }
    }
}

/// An incident with its person and, once resolved, how (`io.ccsd.Supervision.IncidentRecord`).
public struct IncidentRecord: Codable, Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var officer: String?
    public var obligation: String
    public var opened: String
    public var state: String
    public var resolved: String?
    public var resolution: String?
    enum CodingKeys: String, CodingKey {
        case id, caseID = "case_id", officer, obligation, opened, state, resolved, resolution
    }
    public init(
        id: String, caseID: String, officer: String?, obligation: String, opened: String, state: String,
        resolved: String? = nil, resolution: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.officer = officer
        self.obligation = obligation
        self.opened = opened
        self.state = state
        self.resolved = resolved
        self.resolution = resolution
    }
}
