import CCSDCore
import CCSDStore
import CCSDTime

/// Engines on demand: a national caseload does not fit in memory as engines, and most persons have nothing
/// happening for days. A person whose engine is not in memory is dormant: their next deadline (in the heap) and
/// counts are all the daemon keeps, as in their `person_state` row. The engine is rebuilt from the person's
/// inputs (the same replay start-up used to do for everyone) when a deadline comes or someone asks.
extension Caseload {
    /// A person without an engine in memory.
    struct Dormant: Equatable {
        var version: UInt64
        var nextDeadline: Instant?
        var counters: Counters
        var policy: String
        var officer: String?

        init(_ row: PersonStateRow) {
            version = 0
            nextDeadline = row.nextDeadline.map(Instant.init(microseconds:))
            counters = Counters()
            counters.openWindows = row.openWindows
            counters.openIncidents = row.openIncidents
            counters.pendingProposals = row.pendingProposals
            policy = row.policy
            officer = row.officer
        }

        init(_ entry: borrowing Entry) {
            version = entry.version
            nextDeadline = entry.engine.nextDeadline
            counters = Counters(entry.engine)
            policy = entry.engine.policy.name
            officer = entry.row.officer
        }
    }

    var personCount: Int { entries.count + dormant.count }

    func exists(_ caseID: String) -> Bool { entries[caseID] != nil || dormant[caseID] != nil }

    /// The version a heap entry must carry to be current.
    func version(of caseID: String) -> UInt64? {
        // Read in place: `entries[caseID]?.version` copies the whole entry (a retain per field) to read one number,
        // and the heap asks this for every entry it looks at.
        if let index = entries.index(forKey: caseID) { return entries.values[index].version }
        return dormant[caseID]?.version
    }

    /// The person's officer, without rebuilding anything.
    func officerOf(_ caseID: String) -> String? { entries[caseID]?.row.officer ?? dormant[caseID]?.officer }

    /// Every person's officer, for reports.
    func officerMap() -> [String: String?] {
        var map = entries.mapValues(\.row.officer)
        for (caseID, sleeping) in dormant { map[caseID] = sleeping.officer }
        return map
    }

    /// The state row of a person as it stands in memory.
    /// The status and next window go only with an engine in memory (`evictCold` stashes rows of changed persons).
    func stateRow(_ caseID: String) -> PersonStateRow? {
        if let entry = entries[caseID] { return entry.stateRow(caseID) }
        return dormant[caseID].map { Self.stateRow(caseID, $0, status: nil, nextWindow: nil) }
    }

    fileprivate static func stateRow(_ caseID: String, _ sleeping: Dormant, status: String?, nextWindow: Instant?)
        -> PersonStateRow
    {
        PersonStateRow(
            caseID: caseID, nextDeadline: sleeping.nextDeadline?.microseconds,
            openWindows: sleeping.counters.openWindows, openIncidents: sleeping.counters.openIncidents,
            pendingProposals: sleeping.counters.pendingProposals, policy: sleeping.policy, officer: sleeping.officer,
            status: status, nextWindow: nextWindow?.microseconds)
    }

    /// The person's entry, their engine rebuilt from disk and kept in memory if they were dormant; nil if there is
    /// no such person. Whatever fell due and had not fired is queued for the next write (and the scheduler woken
    /// to write it): it happened, whoever looked first.
    func loaded(_ caseID: String) throws(RequestError) -> Entry? {
        try load(caseID) ? entries[caseID] : nil
    }

    /// Whether there is such a person; if so, their engine is in memory (see ``loaded(_:)``), to be read in place.
    func load(_ caseID: String) throws(RequestError) -> Bool {
        if entries.index(forKey: caseID) != nil { return true }
        guard let sleeping = dormant[caseID] else { return false }
        let now = now()
        let (entry, due) = try rebuild(caseID, now: now)
        install(caseID, entry, due: due, replacing: sleeping, now: now)
        return true
    }

    /// Rebuilds off the actor, on every task loop at once (``Offload/map(_:_:)``), the sleeping persons due by
    /// `now` (at most `limit`, the heap's earliest first): when a national caseload's windows open together, a
    /// replay each on the actor would hold every request for minutes. Persons who changed meanwhile are left to
    /// ``loaded(_:)``, as in ``wake(_:)``. Returns whom it tried.
    func wakeDue(now: Instant, limit: Int) async -> [String] {
        var seen: Set<String> = []
        let sleeping = heap.due(through: now, limit: limit).compactMap { top -> (String, Dormant)? in
            guard let person = dormant[top.caseID], person.version == top.version, seen.insert(top.caseID).inserted
            else { return nil }
            return (top.caseID, person)
        }
        await rebuildAndKeep(sleeping, now: now)
        return sleeping.map(\.0)
    }

    /// Rebuilds the sleeping persons among `caseIDs` off the actor, on every task loop at once, so that check-ins
    /// on many sleeping persons (a national caseload; a group pipelined right after a start) rebuild in parallel
    /// while the actor serves others. Persons who changed meanwhile (woken, put back to sleep, or the policies
    /// reloaded) are left to ``loaded(_:)``, which then rebuilds on the actor; so are errors.
    func wake(_ caseIDs: [String]) async {
        var seen: Set<String> = []
        let sleeping = caseIDs.compactMap { caseID -> (String, Dormant)? in
            guard entries[caseID] == nil, let person = dormant[caseID], seen.insert(caseID).inserted else { return nil }
            return (caseID, person)
        }
        await rebuildAndKeep(sleeping, now: now())
    }

    /// Rebuilds sleeping persons on every task loop at once (``Offload/map(_:_:)``) and keeps those who did not
    /// change meanwhile.
    private func rebuildAndKeep(_ sleeping: [(String, Dormant)], now: Instant) async {
        guard !sleeping.isEmpty else { return }
        let (store, library, zones) = (store, library, zones)
        let rebuilt = await Offload.map(sleeping.map(\.0)) { caseID in
            Result { () throws(RequestError) in
                try Self.rebuild(caseID, store: store, library: library, zones: zones, now: now)
            }
        }
        for ((caseID, person), result) in zip(sleeping, rebuilt) {
            keep(caseID, result, replacing: person, library: library, now: now)
        }
    }

    /// Installs an engine rebuilt off the actor, unless the person changed meanwhile (woken, put back to sleep, or
    /// the policies reloaded).
    private func keep(
        _ caseID: String, _ rebuilt: Result<(Entry, [Action]), RequestError>, replacing sleeping: Dormant,
        library: PolicyLibrary, now: Instant
    ) {
        guard case .success(let (entry, due)) = rebuilt, entries[caseID] == nil, dormant[caseID] == sleeping,
            self.library.epochs.count == library.epochs.count
        else { return }
        install(caseID, entry, due: due, replacing: sleeping, now: now)
    }

    /// Keeps a rebuilt engine in memory in place of the dormant person; queues what fell due.
    private func install(_ caseID: String, _ entry: Entry, due: [Action], replacing sleeping: Dormant, now: Instant) {
        var entry = entry
        entry.version = sleeping.version
        dormant[caseID] = nil
        entries[caseID] = entry
        let replayed = Counters(entry.engine)
        counters -= sleeping.counters
        counters += replayed
        if replayed == Counters() { quiet.insert(caseID) }
        if replayed != sleeping.counters {
            publishStatus()
            dirty.insert(caseID)  // the state row on disk disagrees with the replay: the next batch mends it
        }
        if !due.isEmpty || entry.engine.nextDeadline != sleeping.nextDeadline {
            pendingDrafts += drafts(due, person: entry.engine.person, now: now)
            update(caseID, entry, before: replayed)
            wakeScheduler()
        }
    }

    /// The person's entry for reading: from memory, or rebuilt from disk and not kept (a listing of thousands
    /// must not fill memory). Actions a rebuild finds due are left to the scheduler, which performs them.
    func peek(_ caseID: String) throws(RequestError) -> Entry? {
        if let entry = entries[caseID] { return entry }
        guard dormant[caseID] != nil else { return nil }
        return try rebuild(caseID, now: now()).0
    }

    /// Replays a dormant person's inputs from disk up to `now`; also returns the actions due and not yet fired.
    private func rebuild(_ caseID: String, now: Instant) throws(RequestError) -> (Entry, [Action]) {
        try Self.rebuild(caseID, store: store, library: library, zones: zones, now: now)
    }

    /// ``rebuild(_:now:)`` on another thread (``Offload``), off the actor.
    private nonisolated static func rebuild(
        _ caseID: String, store: Store, library: PolicyLibrary, zones: any ZoneProvider, now: Instant
    ) throws(RequestError) -> (Entry, [Action]) {
        do {
            let (person, inputs, fired) = try store.history(of: caseID)
            guard let row = person else { throw StoreError("no row for \(caseID)") }
            guard let record = record(row, zones: zones) else { throw StoreError("unknown time zone \(row.timeZone)") }
            var replayed = try replay(row: row, record: record, inputs: inputs, voiding: [], library: library)
            let due = replayed.due + replayed.engine.advance(to: now)
            return (Entry(row: row, engine: replayed.engine), due.filter { !fired.contains($0.id) })
        } catch {
            throw .unavailable("cannot rebuild \(caseID) from the database: \(error)")
        }
    }

    /// Queues a state row with the status and next window of `engine` (the person's, in memory or just rebuilt)
    /// and everything else as memory has it, for a row that lacks them (written before schema v6).
    func stashStatus(_ caseID: String, from engine: Supervision) {
        guard var row = stashedStates[caseID] ?? stateRow(caseID) else { return }
        row.status = Self.status(engine)
        row.nextWindow = Self.nextWindow(engine)?.microseconds
        stashedStates[caseID] = row
    }

    /// Fills in the status of state rows written before schema v6, a second's work at a time, so that `person
    /// list` can read every sleeping person from state rows. True when more remain.
    func backfillStatus() -> Bool {
        let ends = monotonicMicroseconds() + 1_000_000
        while let caseID = statusBackfill.popLast() {
            if let engine = entries[caseID]?.engine ?? (try? peek(caseID))?.engine {
                stashStatus(caseID, from: engine)
            }
            if statusBackfill.count % 64 == 0, monotonicMicroseconds() > ends { break }
        }
        return !statusBackfill.isEmpty
    }

    /// Puts cold engines to sleep once more than `engineCacheLimit` are in memory. Cold: nothing open, no incident
    /// or proposal (queues list those from memory; only the `quiet` are looked at), nothing due within a quarter of
    /// an hour, no write in flight.
    /// A sweep that finds little to evict raises the bar for the next one (twice what stayed) until five minutes
    /// have passed, so a caseload that is mostly busy costs linear time, not a sweep per call.
    func evictCold(now: Instant) {
        guard entries.count > engineCacheLimit else { return }
        guard entries.count > evictionFloor || now - lastSweep >= .minutes(5) else { return }
        defer {
            evictionFloor = 2 * entries.count
            lastSweep = now
        }
        let soon = now + .minutes(15)
        quiet = quiet.filter { entries[$0].map { Counters($0.engine) == Counters() } ?? false }
        let cold = quiet.compactMap { caseID -> (String, Entry)? in
            guard let entry = entries[caseID], !writing(caseID) else { return nil }
            return entry.engine.nextDeadline.map { $0 > soon } ?? true ? (caseID, entry) : nil
        }
        for (caseID, entry) in cold {
            quiet.remove(caseID)
            // A changed person's state row not yet queued is made now, while the engine is here to give it.
            if dirty.remove(caseID) != nil { stashedStates[caseID] = stateRow(caseID) }
            entries[caseID] = nil
            dormant[caseID] = Dormant(entry)
        }
    }

    /// Entries of an officer's persons (everyone's for nil), rebuilding those dormant persons for whom `wanted`
    /// says the engine is needed: kept if they have something open (they would not be put to sleep), else only
    /// read.
    ///
    /// More than `rebuildLimit` rebuilds are refused: at national scale they would hold the actor (and the
    /// scheduler's watchdog pings) for minutes.
    func selected(officer: String?, wanted: (Dormant) -> Bool) throws(RequestError) -> [(String, Entry)] {
        let waking = dormant.filter { (officer == nil || $0.value.officer == officer) && wanted($0.value) }
        if waking.count > rebuildLimit {
            throw .unavailable(
                "answering would rebuild \(waking.count) persons' engines from disk (at most \(rebuildLimit) at a "
                    + "time); name an officer or ask for a shorter span")
        }
        for (caseID, sleeping) in waking where sleeping.counters != Counters() { _ = try loaded(caseID) }
        var found = entries.filter { officer == nil || $0.value.row.officer == officer }.map { ($0.key, $0.value) }
        for (caseID, sleeping) in waking where sleeping.counters == Counters() {
            if let entry = try peek(caseID) { found.append((caseID, entry)) }
        }
        return found
    }
}

extension Caseload.Entry {
    /// The person's state row.
    func stateRow(_ caseID: String) -> PersonStateRow {
        Caseload.stateRow(
            caseID, .init(self), status: Caseload.status(engine), nextWindow: Caseload.nextWindow(engine))
    }
}
