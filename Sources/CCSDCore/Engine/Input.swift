import CCSDTime

/// A person reporting.
public struct CheckIn: Sendable, Hashable {
    public var at: Instant
    /// `in-person`, `phone`, `video`, `app` … (one of `Obligation.kinds`).
    public var method: String
    /// Who recorded it (an officer's user name, or the uid as text).
    public var recordedBy: String
    public var note: String?

    public init(at: Instant, method: String, recordedBy: String = "", note: String? = nil) {
        self.at = at
        self.method = method
        self.recordedBy = recordedBy
        self.note = note
    }
}

/// Approved leave (请假): windows it overlaps are excused, as each obligation's `on-leave` says.
public struct Leave: Sendable, Hashable, Identifiable {
    public var id: String
    public var from: Instant
    public var until: Instant
    /// Where the person goes: sensitive (PIPL), kept in the database, never in events or the journal.
    public var destination: String
    public var approver: String?

    public init(id: String, from: Instant, until: Instant, destination: String = "", approver: String? = nil) {
        self.id = id
        self.from = from
        self.until = until
        self.destination = destination
        self.approver = approver
    }

    func overlaps(_ start: Instant, _ end: Instant) -> Bool { from < end && start < until }
}

/// Everything that can happen to a person from outside the engine, each at a time.
public enum Input: Sendable {
    case checkIn(CheckIn)
    case addLeave(Leave)
    case cancelLeave(id: String)
    /// Excuse one occurrence (by id), past, open or future.
    case excuse(occurrence: String, reason: String)
    case acknowledge(incident: String, by: String)
    case resolve(incident: String, by: String, note: String)
    case decide(proposal: String, SanctionProposal.Decision, by: String)
    /// New occurrences follow `policy`; windows already scheduled keep the policy they were scheduled with.
    case assignPolicy(Policy)
    case endSupervision(reason: String)
    /// Suspends supervision (custody, hospital): windows are excused, nothing is proposed, until `resume`.
    case suspend(reason: String)
    case resume
}
