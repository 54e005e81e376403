import CCSDTime

/// One person's supervision as a pure state machine: feed it time and inputs, it returns actions.
///
/// It never reads a clock. `advance(to:)` performs everything due up to a time, in order;
/// `apply(_:at:)` takes an input (advancing to its time first); `nextDeadline` says when to call again.
/// Replaying the same inputs gives the same actions with the same ids, which is what makes the daemon's
/// exactly-once bookkeeping and its catch-up after downtime possible.
public struct Supervision: Sendable {
    public internal(set) var person: PersonRecord
    /// The policy new windows follow.
    public internal(set) var policy: Policy
    public internal(set) var policySince: Instant
    /// Windows scheduled and undecided, earliest opening first.
    public internal(set) var live: [Occurrence] = []
    /// Incidents not yet resolved (open or acknowledged).
    public internal(set) var incidents: [Incident] = []
    /// Sanction proposals waiting for an officer's decision.
    public internal(set) var proposals: [SanctionProposal] = []
    /// Decided sanctions that count towards the ladder.
    public internal(set) var accepted: [SanctionLevel: Int] = [:]
    /// Start of the current out-of-contact episode: the first miss since the last check-in.
    public internal(set) var outOfContactSince: Instant?
    public internal(set) var leaves: [Leave] = []
    /// Everything up to this instant has been performed.
    public internal(set) var evaluated: Instant
    public internal(set) var ended = false
    /// Why and since when supervision is suspended, if it is.
    public internal(set) var suspended: (since: Instant, reason: String)?
    /// When tracking began (see `init`).
    public let trackingFrom: Instant

    var cursors: [String: Cursor] = [:]
    var excusals: [String: String] = [:]
    var episodeProposals: Set<SanctionLevel> = []

    /// Where scheduling of one obligation stands.
    struct Cursor: Sendable {
        var obligation: Obligation
        /// Calendar elapses are searched strictly after this instant.
        var searchAfter: Instant
        var lastOpen: Instant?
        /// The next window, computed ahead so its reminders can fire before it opens; nil = no more windows.
        var next: Occurrence?
    }

    /// Starts tracking a person. `trackingFrom` (default: supervision start) is when ccsd learnt of them: no
    /// window opens before it, except the one-off report due from supervision start while it is still open.
    public init(person: PersonRecord, policy: Policy, trackingFrom: Instant? = nil) {
        self.person = person
        self.policy = policy
        let from = max(trackingFrom ?? person.supervisionStart, person.supervisionStart)
        self.policySince = from
        self.trackingFrom = from
        self.evaluated = Instant(microseconds: from.microseconds - 1)
        resetCursors(from: from)
    }

    /// The next window of each obligation not yet in `live` (and not excused ahead), earliest first.
    public var upcoming: [Occurrence] {
        cursors.values.compactMap(\.next).filter { next in
            excusals[next.id] == nil && !live.contains { $0.id == next.id }
        }.sorted { ($0.opens, $0.id) < ($1.opens, $1.id) }
    }

    /// When a window next changes: the earliest close of an open one or opening of a live or upcoming one.
    /// The same as the least edge of `live + upcoming`, without building either (every check-in asks).
    public var nextWindowEdge: Instant? {
        var earliest: Instant?
        func consider(_ occurrence: Occurrence) {
            let edge = occurrence.opened ? occurrence.closes : occurrence.opens
            if earliest.map({ edge < $0 }) ?? true { earliest = edge }
        }
        for occurrence in live { consider(occurrence) }
        for cursor in cursors.values {
            guard let next = cursor.next, excusals[next.id] == nil, !live.contains(where: { $0.id == next.id }) else {
                continue
            }
            consider(next)
        }
        return earliest
    }

    /// Whether an occurrence id names a window of this person: live, missed and unresolved, or scheduled by the
    /// time its id says it opens.
    public func knows(occurrence id: String) -> Bool {
        if live.contains(where: { $0.id == id }) || incidents.contains(where: { $0.occurrence == id }) { return true }
        guard let at = id.split(separator: "@").last.flatMap({ Instant(stamp: String($0)) }) else { return false }
        return windows(through: at).contains { $0.id == id }
    }

    /// Changes who the person's officer is (it only labels what follows).
    public mutating func setOfficer(_ officer: String?) { person.officer = officer }

    /// Windows open now or opening up to `horizon`, earliest first, as things stand (a dry run on a copy).
    public func windows(through horizon: Instant) -> [Occurrence] {
        var copy = self
        var found = live + upcoming
        for case .windowOpened(let occurrence) in copy.advance(to: horizon).map(\.kind) { found.append(occurrence) }
        found += copy.live + copy.upcoming
        var seen = Set<String>()
        return found.filter { $0.opens <= horizon && excusals[$0.id] == nil && seen.insert($0.id).inserted }
            .sorted { ($0.opens, $0.id) < ($1.opens, $1.id) }
    }

    /// The next instant at which `advance(to:)` has something to do; nil when nothing ever will.
    public var nextDeadline: Instant? { nextDue()?.at }

    /// Performs everything due at or before `now`, in time order.
    public mutating func advance(to now: Instant) -> [Action] {
        var actions: [Action] = []
        while let (at, due) = nextDue(), at <= now {
            perform(due, at: at, into: &actions)
        }
        if now > evaluated { evaluated = now }
        return actions
    }

    /// Applies an input at `at` (advancing to `at` first); unknown ids throw and change nothing.
    public mutating func apply(_ input: Input, at: Instant) throws(EngineError) -> [Action] {
        let (due, caused) = try applying(input, at: at)
        return due + caused
    }

    /// ``apply(_:at:)``, with what fell due up to `at` apart from what the input itself caused. Replaying the
    /// input reproduces the caused actions exactly, from the same state; the due ones are time's.
    public mutating func applying(_ input: Input, at: Instant) throws(EngineError) -> (due: [Action], caused: [Action])
    {
        try validate(input)
        let due = advance(to: at)
        var caused: [Action] = []
        handle(input, at: at, into: &caused)
        return (due, caused)
    }
}

/// An input the engine can't apply; the daemon turns it into a clear error for the caller.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownIncident(String)
    case unknownProposal(String)
    case unknownLeave(String)
    case unknownMethod(String)
    case supervisionEnded(String)
    case notSuspended(String)
    case alreadySuspended(String)

    public var description: String {
        switch self {
        case .unknownIncident(let id): "no open incident \(id)"
        case .unknownProposal(let id): "no undecided sanction proposal \(id)"
        case .unknownLeave(let id): "no leave \(id)"
        case .unknownMethod(let m):
            "unknown check-in method \"\(m)\"; expected one of \(Obligation.kinds.joined(separator: ", "))"
        case .supervisionEnded(let id): "supervision of \(id) has ended"
        case .notSuspended(let id): "supervision of \(id) is not suspended"
        case .alreadySuspended(let id): "supervision of \(id) is already suspended"
        }
    }
}
