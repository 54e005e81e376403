import CCSDConfig
import CCSDCore
import CCSDStore
import CCSDTime
import Foundation
import Logging

/// Every person, the deadlines in a heap, and the road to disk: the daemon's one state owner.
///
/// Engines are kept in memory only while they matter (something open, pending or due soon) and otherwise rebuilt
/// from disk on demand; a person without an engine in memory is `Dormant` (see Caseload+Memory.swift).
///
/// A request mutates an engine and queues its write in one step (so the log keeps the engine's order), then waits
/// for the group commit; only then does it answer. If the disk refuses a write the in-memory state is ahead of
/// the disk, so the daemon stops (`fatal`) and restarts from what is on disk.
public actor Caseload {
    struct Entry: Sendable {
        var row: PersonRow
        var engine: Supervision
        var version: UInt64 = 0
    }

    /// Windows open, incidents unresolved, proposals undecided: kept current for the status line.
    struct Counters: Equatable, Sendable {
        var openWindows = 0
        var openIncidents = 0
        var pendingProposals = 0

        init() {}

        init(_ engine: Supervision) {
            openWindows = engine.live.reduce(0) { $0 + ($1.opened ? 1 : 0) }
            openIncidents = engine.incidents.count
            pendingProposals = engine.proposals.count
        }

        static func += (lhs: inout Counters, rhs: Counters) {
            lhs.openWindows += rhs.openWindows
            lhs.openIncidents += rhs.openIncidents
            lhs.pendingProposals += rhs.pendingProposals
        }

        static func -= (lhs: inout Counters, rhs: Counters) {
            lhs.openWindows -= rhs.openWindows
            lhs.openIncidents -= rhs.openIncidents
            lhs.pendingProposals -= rhs.pendingProposals
        }
    }

    let store: Store
    let committer: Committer
    let zones: any ZoneProvider
    let clock: any WallClock
    let officeZone: ZoneRules
    let policyDirectory: String
    let logger: Logger
    let fatal: @Sendable (String) -> Void
    /// Channels configured in ccsd.conf: only they get notifications queued.
    let deliveryChannels: Set<String>
    /// Wakes the scheduler when a deadline may have moved earlier.
    let wakeScheduler: @Sendable () -> Void

    /// Most engines kept in memory before cold ones are put to sleep.
    let engineCacheLimit: Int
    /// How long one `runDue` may work through a backlog before it lets the scheduler (and its watchdog ping) in.
    let turnLength: Duration
    /// Events per part of a burst (see `runDue`): large enough that the `fdatasync` per part is noise, small enough
    /// that the writer starts early.
    let burstPart: Int
    /// Most dormant engines one request may rebuild: 6–7 s of the actor at ~330 µs each, well inside the watchdog.
    let rebuildLimit: Int
    /// The templates the dispatcher renders with; a reload replaces them.
    let templates: LoadedTemplates?

    var library = PolicyLibrary()
    /// Persons whose engine is in memory; every other person is in `dormant` (never both).
    var entries: [String: Entry] = [:]
    var dormant: [String: Dormant] = [:]
    /// Persons in memory with nothing open (no window, incident or proposal): the only ones `evictCold` may put to
    /// sleep, kept as engines change, so that a sweep while most of a national caseload has a window open does not
    /// walk them all. May name persons no longer in memory.
    var quiet: Set<String> = []
    /// Persons changed since the last write was queued: their state rows go with the next batch.
    var dirty: Set<String> = []
    /// State rows of changed persons put to sleep before their rows were queued: they go with the next batch.
    var stashedStates: [String: PersonStateRow] = [:]
    /// Persons whose state rows predate schema v6 (no status), filled in by the scheduler (`backfillStatus`).
    var statusBackfill: [String] = []
    /// Actions that fell due for an engine rebuilt from disk, to be written with the next batch.
    var pendingDrafts: [EventDraft] = []
    /// Engines in memory above which the next sweep runs (see `evictCold`).
    var evictionFloor = 0
    var lastSweep = Instant(microseconds: 0)
    var heap = DeadlineHeap()
    var counters = Counters()
    /// The number of the last ticket queued with a write for each person (see `writing(_:)`); settled entries are
    /// pruned as the dictionary grows.
    var lastTicket: [String: Int64] = [:]
    /// The size of `lastTicket` above which the next `queue` prunes it.
    var lastTicketFloor = 1024
    /// The latest time handed out: the daemon's time never goes backwards, even if the wall clock is stepped,
    /// so inputs and policy changes keep on disk the order they had in memory.
    var lastNow = Instant(microseconds: 0)
    public internal(set) var started: Instant
    /// The status for readers that must not wait for the actor (`GetStatus`).
    public nonisolated let board = StatusBoard()

    public init(
        store: Store, committer: Committer, zones: any ZoneProvider, clock: any WallClock, officeZone: ZoneRules,
        policyDirectory: String, logger: Logger,
        wakeScheduler: @escaping @Sendable () -> Void, fatal: @escaping @Sendable (String) -> Void,
        deliveryChannels: Set<String> = [], engineCacheLimit: Int = 20_000, turnLength: Duration = .seconds(10),
        rebuildLimit: Int = 20_000, templates: LoadedTemplates? = nil, burstPart: Int = 8192
    ) {
        self.templates = templates
        self.turnLength = turnLength
        self.burstPart = max(1, burstPart)
        self.rebuildLimit = rebuildLimit
        self.deliveryChannels = deliveryChannels
        self.engineCacheLimit = engineCacheLimit
        self.store = store
        self.committer = committer
        self.zones = zones
        self.clock = clock
        self.officeZone = officeZone
        self.policyDirectory = policyDirectory
        self.logger = logger
        self.wakeScheduler = wakeScheduler
        self.fatal = fatal
        self.started = clock.now()
    }

    /// The wall clock, never earlier than a time already used.
    func now() -> Instant {
        lastNow = max(clock.now(), lastNow)
        return lastNow
    }

    /// A batch queued for the disk, not yet known to be there.
    struct QueuedCommit: Sendable {
        let ticket: Committer.Ticket
        let engineChanged: Bool
    }

    /// Writes a batch and waits until it is on disk. If the batch carries engine changes already made in memory,
    /// a refused write stops the daemon: memory would otherwise be ahead of the disk.
    func commit(_ batch: WriteBatch, engineChanged: Bool) async throws(RequestError) -> [StoredEvent] {
        try await settle(queue(batch, engineChanged: engineChanged))
    }

    /// Queues a batch for the disk without waiting, so the next one can be drafted while the writer writes this;
    /// every queued batch must be `settle`d, in the order queued.
    ///
    /// Actions that fell due for engines rebuilt from disk go first, and the state rows of every person changed
    /// since the last batch go along: on disk, a person's state never runs ahead of their events.
    func queue(_ batch: WriteBatch, engineChanged: Bool) -> QueuedCommit {
        var batch = batch
        var engineChanged = engineChanged
        if !pendingDrafts.isEmpty {
            batch.events.insert(contentsOf: pendingDrafts, at: 0)
            pendingDrafts = []
            engineChanged = true
        }
        if !dirty.isEmpty || !stashedStates.isEmpty {
            var states = stashedStates
            for caseID in dirty {
                guard var row = stateRow(caseID) else { continue }
                // Without the engine in memory the row has no status: keep one a list has just worked out.
                if row.status == nil, let stashed = states[caseID] {
                    row.status = stashed.status
                    row.nextWindow = stashed.nextWindow
                }
                states[caseID] = row
            }
            batch.states += states.keys.sorted().compactMap { states[$0] }
            dirty = []
            stashedStates = [:]
            engineChanged = true
        }
        publishStatus()
        let ticket = committer.enqueue(batch)
        // Persons with a write in flight are not put to sleep: a rebuild would read the disk without it.
        if lastTicket.count >= lastTicketFloor {
            let settled = committer.settledThrough
            lastTicket = lastTicket.filter { $0.value > settled }
            lastTicketFloor = max(1024, 2 * lastTicket.count)
        }
        // max: a batch refused at shutdown (number 0) must not hide an earlier one still in flight.
        let caseIDs = batch.inputs.map(\.caseID) + batch.persons.map(\.caseID) + batch.personUpdates.map(\.caseID)
        for caseID in caseIDs { lastTicket[caseID] = max(lastTicket[caseID] ?? 0, ticket.number) }
        return QueuedCommit(ticket: ticket, engineChanged: engineChanged)
    }

    /// Whether a write for the person is queued and not yet on disk: a correction waits for it, and the person
    /// is not put to sleep.
    func writing(_ caseID: String) -> Bool {
        lastTicket[caseID].map { $0 > committer.settledThrough } ?? false
    }

    /// Waits until a queued batch is on disk and returns its events as appended.
    nonisolated(nonsending) func settle(_ queued: QueuedCommit) async throws(RequestError) -> [StoredEvent] {
        do {
            return try await queued.ticket.outcome()
        } catch {
            if queued.engineChanged {
                fatal("cannot write to the database, stopping so that ccsd restarts from what is on disk: \(error)")
            }
            throw .unavailable("the database refused a write: \(error)")
        }
    }

    /// Stores an engine back after a change: new version, deadline pushed, counters adjusted.
    func update(_ caseID: String, _ entry: consuming Entry, before: Counters?) {
        var entry = entry
        entry.version &+= 1
        if let before { counters -= before }
        let after = Counters(entry.engine)
        counters += after
        if after == Counters() { quiet.insert(caseID) } else { quiet.remove(caseID) }
        entries[caseID] = entry
        dirty.insert(caseID)
        if let next = entry.engine.nextDeadline {
            let earliest = nextDeadline()
            heap.push(.init(at: next, caseID: caseID, version: entry.version))
            if earliest.map({ next < $0 }) ?? true { wakeScheduler() }
        }
        // Every change pushes an entry, and a stale one leaves only when it reaches the top: without this, each
        // check-in grew the heap for as long as the deadline it replaced was away (a month, for a monthly report).
        // At most one entry per person is current, so this runs after at least as many changes as persons.
        if heap.count > 2 * personCount + 1024 { heap.compact { version(of: $0.caseID) == $0.version } }
        publishStatus()
    }

    /// The earliest deadline of anyone.
    public func nextDeadline() -> Instant? {
        heap.peek { version(of: $0.caseID) == $0.version }?.at
    }

    func record(_ row: PersonRow) -> PersonRecord? {
        Self.record(row, zones: zones)
    }

    nonisolated static func record(_ row: PersonRow, zones: any ZoneProvider) -> PersonRecord? {
        guard let zone = zones.zone(named: row.timeZone) else { return nil }
        let tags = (try? JSONDecoder().decode([String].self, from: Data(row.tags.utf8))) ?? []
        return PersonRecord(
            caseID: row.caseID, timeZone: zone, supervisionStart: Instant(microseconds: row.supervisionStart),
            supervisionEnd: row.supervisionEnd.map(Instant.init(microseconds:)), tags: Set(tags), officer: row.officer)
    }

    /// Drafts for actions, caught up when they were due more than a minute before `now`.
    func drafts(_ actions: [Action], person: PersonRecord, now: Instant) -> [EventDraft] {
        actions.map {
            EventMapper.draft(
                $0, person: person, caughtUp: now - $0.at > .minutes(1), channels: deliveryChannels, now: now)
        }
    }

    /// The drafts of what an input did (``Supervision/applying(_:at:)``), written with the input: what fell due
    /// first, with fired keys, then what the input caused, without (a rebuild's replay skips those).
    func drafts(_ applied: (due: [Action], caused: [Action]), person: PersonRecord, now: Instant) -> [EventDraft] {
        var caused = drafts(applied.caused, person: person, now: now)
        for index in caused.indices { caused[index].recordsFired = false }
        return drafts(applied.due, person: person, now: now) + caused
    }
}
