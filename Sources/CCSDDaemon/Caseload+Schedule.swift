import CCSDConfig
import CCSDCore
import CCSDStore
import CCSDTime

/// The outcome of a reload, for the log and for `ccsctl reload`.
public enum ReloadOutcome: Sendable, Hashable {
    case applied(policies: [String], changedPersons: Int)
    case unchanged
    /// The old policies stay in force; each problem names its file and key.
    case rejected([String])
}

extension Caseload {
    /// Sleeping persons `runDue` rebuilds per hand-over to the task loops: large enough that the writer gets parts
    /// of thousands of events (before each hand-over it gets what is drafted), about a second of replays at most.
    static let wakeSlice = 4096

    /// Performs everything due up to now for everyone due, or for as many as a turn of `turnLength` allows (then it
    /// wakes the scheduler, which pings the watchdog and calls again).
    ///
    /// A burst (a national caseload's windows closing in the same second) is written in parts of about
    /// `burstPart` events: the writer commits one part while this drafts the next, instead of drafting, encoding
    /// and writing everything one after the other. Each part carries its persons' state rows, so what is on disk
    /// stays consistent after any part.
    public func runDue() async throws(RequestError) {
        let now = now()
        var events: [EventDraft] = []
        var parts: [QueuedCommit] = []
        let (seconds, attoseconds) = turnLength.components
        let turnEnds = monotonicMicroseconds() + seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        var performed = 0
        var offloaded: Set<String> = []
        while let top = heap.peek(isCurrent: { version(of: $0.caseID) == $0.version }), top.at <= now {
            // A long backlog (a reload's followers, a national caseload due at once) is taken in turns, so that
            // the scheduler pings the watchdog and requests get the actor in between.
            if performed > 0, performed % 64 == 0, monotonicMicroseconds() > turnEnds {
                wakeScheduler()
                break
            }
            if dormant[top.caseID] != nil, !offloaded.contains(top.caseID) {
                // Sleeping persons are rebuilt off the actor, a slice at a time. What is drafted goes to the writer
                // first: a request served meanwhile must be written after what preceded it in memory.
                if !events.isEmpty {
                    parts.append(queue(WriteBatch(events: events), engineChanged: true))
                    events = []
                }
                offloaded.insert(top.caseID)
                offloaded.formUnion(await wakeDue(now: now, limit: Self.wakeSlice))
                continue  // the heap may have changed while requests had the actor
            }
            performed += 1
            heap.pop()
            let found: Bool
            do {
                found = try loaded(top.caseID) != nil
            } catch {
                // One person's engine that cannot be rebuilt must not hold up (or lose) everyone else's actions:
                // say so loudly and try again in a minute.
                logger.error("cannot perform what is due for \(top.caseID): \(error); retrying in a minute")
                heap.push(.init(at: now + .minutes(1), caseID: top.caseID, version: top.version))
                continue
            }
            // Out of the dictionary while it changes: a copy of a value still in there would copy the engine's
            // arrays on its first change (`update` puts it back).
            guard found, var entry = entries.removeValue(forKey: top.caseID) else { continue }
            let before = Counters(entry.engine)
            let actions = entry.engine.advance(to: now)
            events += drafts(actions, person: entry.engine.person, now: now)
            update(top.caseID, entry, before: before)
            if events.count + pendingDrafts.count >= burstPart {
                parts.append(queue(WriteBatch(events: events), engineChanged: true))
                events = []
            }
        }
        if !statusBackfill.isEmpty, backfillStatus() { wakeScheduler() }
        if !events.isEmpty || !pendingDrafts.isEmpty || !dirty.isEmpty || !stashedStates.isEmpty {
            parts.append(queue(WriteBatch(events: events), engineChanged: true))
        }
        for part in parts { _ = try await settle(part) }
        evictCold(now: now)
    }

    /// Validates the policy directory and swaps it in, or keeps the old set and says why (file and key).
    /// New windows follow the new policies; open windows and running incidents keep theirs. The message templates
    /// are reloaded too, even when the policies are unchanged.
    public func reload() async -> ReloadOutcome {
        let now = now()
        let files = PolicySet.readDirectory(policyDirectory)
        let set: PolicySet
        switch PolicyLibrary.parse(files, directory: policyDirectory, zones: zones) {
        case .success(let loaded): set = loaded
        case .failure(let problems): return .rejected(problems.problems.map(\.description))
        }
        // With channels, the templates the policies name must be there and fit, as at start.
        let check = Daemon.templateCheck(set, policies: policyDirectory, channels: !deliveryChannels.isEmpty)
        if !deliveryChannels.isEmpty, !check.problems.isEmpty { return .rejected(check.problems.map(\.description)) }
        let followed = Set(entries.values.map(\.engine.policy.name)).union(dormant.values.map(\.policy))
        let missing = followed.subtracting(set.policies.keys).sorted()
        if !missing.isEmpty {
            return .rejected(missing.map { "\(policyDirectory): policy \($0) is missing but persons follow it" })
        }
        // The dispatcher renders with the templates just checked, changed policies or not. (Without channels a
        // template with a problem keeps the old set: nothing is sent anyway.)
        if check.problems.isEmpty { templates?.replace(check.templates) }
        let hash = PolicyLibrary.hash(files)
        if library.epochs.last?.hash == hash { return .unchanged }
        let old = library.current
        library.append(effective: now, hash: hash, set: set)
        var events: [EventDraft] = [
            EventDraft(
                type: "policy-reloaded", at: now.microseconds,
                fields: [
                    "policies": set.policies.keys.sorted().joined(separator: ","), "hash": hash,
                    "message": "policies reloaded from \(policyDirectory) (\(set.policies.count))",
                ])
        ]
        // A dormant follower of a changed policy falls due now: the scheduler rebuilds it (the replay applies the
        // new policy from this instant) in its own turns, so a reload that changes a national caseload's policy
        // returns at once instead of holding the actor for minutes. Its state row says due now, so a restart
        // before then rebuilds it too.
        let changedPolicies = Set(set.policies.keys.filter { set.policies[$0] != old.policies[$0] })
        let followers = dormant.filter { changedPolicies.contains($0.value.policy) }.keys
        for caseID in followers {
            dormant[caseID]?.version &+= 1
            dormant[caseID]?.nextDeadline = now
            heap.push(.init(at: now, caseID: caseID, version: dormant[caseID]?.version ?? 0))
            dirty.insert(caseID)
        }
        if !followers.isEmpty { wakeScheduler() }
        var changed = followers.count
        events += pendingDrafts
        pendingDrafts = []
        for (caseID, var entry) in entries {
            guard let newer = set.policies[entry.engine.policy.name], newer != entry.engine.policy else { continue }
            let before = Counters(entry.engine)
            let actions = (try? entry.engine.apply(.assignPolicy(newer), at: now)) ?? []
            events += drafts(actions, person: entry.engine.person, now: now)
            update(caseID, entry, before: before)
            changed += 1
        }
        let row = PolicySetRow(effective: now.microseconds, hash: hash, files: StoredEvent.canonicalJSON(files))
        do {
            _ = try await commit(WriteBatch(policySets: [row], events: events), engineChanged: true)
        } catch {
            return .rejected(["\(error)"])
        }
        return .applied(policies: set.policies.keys.sorted(), changedPersons: changed)
    }
}

extension Caseload {
    /// Audits a rejected reload, problems and all (they name files and keys, never persons).
    public func auditReloadFailure(_ problems: [String]) async {
        let now = now()
        let event = EventDraft(
            type: "policy-reload-failed", at: now.microseconds,
            fields: [
                "problems": problems.joined(separator: "\n"),
                "message": "policy reload rejected, old policies kept: \(problems.first ?? "")",
            ])
        _ = try? await commit(WriteBatch(events: [event]), engineChanged: false)
    }
}
