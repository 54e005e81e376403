import CCSDConfig
import CCSDCore
import CCSDStore
import CCSDTime
import Foundation

/// What start-up found and did.
public struct StartupReport: Sendable {
    public var persons = 0
    public var inputs = 0
    /// Actions that were due while ccsd was down, now fired once, dated at their deadlines.
    public var caughtUp = 0
    public var policyChanged = false
}

extension Caseload {
    /// Loads policies and every person's state row, rebuilds the engines of those with something due (and of
    /// followers of a policy that changed while ccsd was down), and fires once whatever fell due meanwhile. A database
    /// from before state rows has everyone's inputs replayed instead. Throws if the policies or the database are
    /// unusable.
    ///
    /// `progress` is called every few thousand persons with (done, total), so a long start can tell systemd it
    /// is still making progress (EXTEND_TIMEOUT_USEC) instead of being killed by TimeoutStartSec.
    public func start(progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> StartupReport {
        var report = StartupReport()
        let now = now()
        started = now
        let files = PolicySet.readDirectory(policyDirectory)
        let current: PolicySet
        switch PolicyLibrary.parse(files, directory: policyDirectory, zones: zones) {
        case .success(let set): current = set
        case .failure(let problems): throw problems
        }
        let hash = PolicyLibrary.hash(files)
        let rows = try store.policySets()
        for row in rows {
            let texts = (try? JSONDecoder().decode([String: String].self, from: Data(row.files.utf8))) ?? [:]
            guard case .success(let set) = PolicyLibrary.parse(texts, directory: policyDirectory, zones: zones) else {
                throw StoreError("policy set \(row.id ?? 0) in the database no longer parses; it cannot be replayed")
            }
            library.append(effective: Instant(microseconds: row.effective), hash: row.hash, set: set)
        }
        var batch = WriteBatch()
        batch.events.append(
            EventDraft(
                type: "daemon-started", at: now.microseconds,
                fields: ["version": Self.version, "message": "ccsd \(Self.version) started"]))
        if rows.last?.hash != hash {
            let text = StoredEvent.canonicalJSON(files)
            batch.policySets.append(PolicySetRow(effective: now.microseconds, hash: hash, files: text))
            library.append(effective: now, hash: hash, set: current)
            batch.events.append(
                EventDraft(
                    type: "policy-reloaded", at: now.microseconds,
                    fields: [
                        "policies": current.policies.keys.sorted().joined(separator: ","), "hash": hash,
                        "message": "policies loaded from \(policyDirectory) (\(current.policies.count))",
                    ]))
            report.policyChanged = true
        }

        if let count = try store.personStateCount() {
            // With new policies, only followers of a policy that changed need their engines (as for a reload).
            let before = library.epochs.dropLast().last?.set.policies ?? [:]
            let changed =
                report.policyChanged ? Set(current.policies.keys.filter { current.policies[$0] != before[$0] }) : []
            try wake(count: count, changed: changed, now: now, into: &batch, report: &report, progress: progress)
        } else {
            try replayEveryone(now: now, into: &batch, report: &report, progress: progress)
        }
        if report.caughtUp > 0 {
            batch.events.append(
                EventDraft(
                    type: "caught-up", at: now.microseconds,
                    fields: [
                        "count": String(report.caughtUp),
                        "message":
                            "\(report.caughtUp) actions fell due while ccsd was down; fired once now, dated at their deadlines",
                    ]))
        }
        if !batch.isEmpty { _ = try await commit(batch, engineChanged: true) }
        evictCold(now: now)
        return report
    }

    /// The usual start: every person dormant from their state row, engines rebuilt only for those with something
    /// due by now (what fell due while ccsd was down) and for followers of `changed` policies (their replay applies
    /// the new policy from now on, which can move their deadlines).
    private func wake(
        count: Int, changed: Set<String>, now: Instant, into batch: inout WriteBatch, report: inout StartupReport,
        progress: (Int, Int) -> Void
    ) throws {
        var items: [DeadlineHeap.Entry] = []
        items.reserveCapacity(count)
        dormant.reserveCapacity(count)
        try store.forEachPersonState { row in
            let sleeping = Dormant(row)
            dormant[row.caseID] = sleeping
            if row.status == nil { statusBackfill.append(row.caseID) }
            counters += sleeping.counters
            if let next = sleeping.nextDeadline { items.append(.init(at: next, caseID: row.caseID, version: 0)) }
        }
        report.persons = dormant.count
        heap = DeadlineHeap(unordered: items)
        // After a long outage most of a national caseload is due: report progress (so systemd extends the start
        // timeout instead of killing a start that is getting somewhere) and put cold engines back to sleep.
        var due = 0
        while let top = heap.peek(isCurrent: { version(of: $0.caseID) == $0.version }), top.at <= now {
            heap.pop()
            due += 1
            if due % 5000 == 0 {
                progress(due, due + heap.count)
                evictCold(now: now)
            }
            do {
                _ = try loaded(top.caseID)
            } catch {
                // As in runDue: one person that cannot be rebuilt must not keep ccsd (and everyone else) down.
                logger.error("cannot catch up on \(top.caseID): \(error); retrying in a minute")
                heap.push(.init(at: now + .minutes(1), caseID: top.caseID, version: top.version))
            }
        }
        report.caughtUp = pendingDrafts.count
        if !changed.isEmpty {
            var followers = 0
            for (caseID, sleeping) in dormant where changed.contains(sleeping.policy) {
                do {
                    _ = try loaded(caseID)
                } catch {
                    throw StoreError("\(error)")
                }
                followers += 1
                if followers % 5000 == 0 {
                    progress(followers, dormant.count + followers)
                    evictCold(now: now)
                }
            }
        }
        batch.events += pendingDrafts
        pendingDrafts = []
    }

    /// Replays everyone's inputs: the first start on a database without state rows (written by an older ccsd).
    /// Cold engines go to sleep as they are built.
    private func replayEveryone(
        now: Instant, into batch: inout WriteBatch, report: inout StartupReport, progress: (Int, Int) -> Void
    ) throws {
        let fired = try store.firedActionIDs()
        var inputsByPerson: [String: [InputRow]] = [:]
        for input in try store.inputs() { inputsByPerson[input.caseID, default: []].append(input) }
        let persons = try store.persons()
        for (index, row) in persons.enumerated() {
            if index % 5000 == 0 {
                progress(index, persons.count)
                evictCold(now: now)
            }
            guard let record = record(row) else {
                throw StoreError("person \(row.caseID) has an unknown time zone \(row.timeZone)")
            }
            let inputs = inputsByPerson.removeValue(forKey: row.caseID) ?? []
            report.inputs += inputs.count
            var replayed = try replay(row: row, record: record, inputs: inputs)
            let due = (replayed.due + replayed.engine.advance(to: now)).filter { !fired.contains($0.id) }
            report.caughtUp += due.count
            batch.events += drafts(due, person: record, now: now)
            update(row.caseID, Entry(row: row, engine: replayed.engine), before: nil)
            report.persons += 1
        }
    }

    /// Rebuilds one person's engine from their inputs and the policy history.
    /// Inputs voided by a correction (`void-input` rows name the seq they void) are skipped, with the voids.
    /// What the inputs themselves caused was written with them (see ``EventDraft/recordsFired``); the rest must
    /// be checked against `fired`.
    func replay(row: PersonRow, record: PersonRecord, inputs allInputs: [InputRow], voiding extra: Set<Int64> = [])
        throws -> Replayed
    {
        try Self.replay(row: row, record: record, inputs: allInputs, voiding: extra, library: library)
    }

    /// ``replay(row:record:inputs:voiding:)`` with the policies of `library`, off the actor.
    nonisolated static func replay(
        row: PersonRow, record: PersonRecord, inputs allInputs: [InputRow], voiding extra: Set<Int64>,
        library: PolicyLibrary
    ) throws -> Replayed {
        let voided = extra.union(allInputs.filter { $0.kind == InputCodec.voidKind }.compactMap(InputCodec.voidedSeq))
        let inputs = allInputs.filter { $0.kind != InputCodec.voidKind && !voided.contains($0.seq ?? -1) }
        let addedAt = Instant(microseconds: row.addedAt)
        var epoch = library.epochIndex(at: addedAt)
        guard let policy = library.epochs[epoch].set.policies[row.policy] else {
            throw StoreError(
                "person \(row.caseID) follows policy \(row.policy), which the policies of \(addedAt.stamp) lack")
        }
        var engine = Supervision(person: record, policy: policy, trackingFrom: addedAt)
        var actions: [(action: Action, caused: Bool)] = []
        var pending = inputs[...]
        while true {
            let nextEpoch = epoch + 1 < library.epochs.count ? library.epochs[epoch + 1].effective : nil
            let nextInput = pending.first.map { Instant(microseconds: $0.appliedAt) }
            if let e = nextEpoch, nextInput.map({ e <= $0 }) ?? true {
                epoch += 1
                if let newer = library.epochs[epoch].set.policies[engine.policy.name], newer != engine.policy {
                    actions += ((try? engine.apply(.assignPolicy(newer), at: e)) ?? []).map { ($0, false) }
                }
            } else if let input = pending.popFirst() {
                let at = Instant(microseconds: input.appliedAt)
                let decoded = InputCodec.decode(kind: input.kind, payload: input.payload) { name in
                    library.epochs[epoch].set.policies[name]
                }
                guard let decoded else {
                    throw StoreError("input \(input.seq ?? 0) of \(row.caseID) (\(input.kind)) cannot be decoded")
                }
                do {
                    let applied = try engine.applying(decoded, at: at)
                    actions += applied.due.map { ($0, false) } + applied.caused.map { ($0, true) }
                } catch {
                    throw StoreError("input \(input.seq ?? 0) of \(row.caseID) no longer applies: \(error)")
                }
            } else {
                break
            }
        }
        return Replayed(engine: engine, actions: actions)
    }

    /// A person's engine rebuilt from disk, and the actions the replay met, in order, each marked if an input
    /// caused it (see ``replay(row:record:inputs:voiding:)``).
    struct Replayed {
        var engine: Supervision
        var actions: [(action: Action, caused: Bool)]

        /// What fell due along the way, and policy changes: to be checked against `fired`.
        var due: [Action] { actions.filter { !$0.caused }.map(\.action) }
    }
}

extension Caseload {
    /// Audits the end of this lifetime; everything acknowledged is already on disk.
    public func auditStopping() async {
        let now = now()
        let event = EventDraft(
            type: "daemon-stopping", at: now.microseconds,
            fields: ["version": Self.version, "message": "ccsd \(Self.version) stopping"])
        _ = try? await commit(WriteBatch(events: [event]), engineChanged: false)
    }
}
