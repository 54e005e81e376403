import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Check-ins applied in memory and queued for the disk in one batch: ``settle(_:)-(QueuedCheckIns)`` waits until
    /// they are durable and gives each reply. Every queued group must be settled.
    public struct QueuedCheckIns: Sendable {
        /// One applied check-in.
        struct Applied: Sendable {
            let caseID: String
            /// How many check-ins of the same person come before it in the batch: its event is that one's next.
            let ordinal: Int
            let actions: [Action]
            let zone: ZoneRules
        }

        let commit: QueuedCommit?
        /// Per request, in order: applied, or why not.
        let outcomes: [Result<Applied, RequestError>]
        let now: Instant
    }

    /// Records a check-in and replies once it is on disk.
    public func recordCheckIn(_ request: Methods.RecordCheckIn, caller: Caller) async throws(RequestError)
        -> Methods.RecordCheckInReply
    {
        try await settle(queueCheckIns([request], caller: caller))[0].get()
    }

    /// Applies check-ins in order and queues them for the disk as one batch, without waiting. Requests that come
    /// after see them applied, so a connection may send its next calls while these are being written (see
    /// `VarlinkReplier.proceed()`). One call for check-ins a client pipelined: one turn of the actor, one batch
    /// for the writer, instead of a hop and a batch each.
    public func queueCheckIns(_ requests: [Methods.RecordCheckIn], caller: Caller) async -> QueuedCheckIns {
        // Sleeping persons first: waking may suspend. From here on nothing does, so no other batch can take these
        // check-ins' state rows to the disk ahead of their inputs and events.
        await wake(requests.map(\.caseID))
        let now = now()
        var batch = WriteBatch()
        var seen: [String: Int] = [:]
        let outcomes = requests.map { request -> Result<QueuedCheckIns.Applied, RequestError> in
            do throws(RequestError) {
                let applied = try apply(request, caller: caller, now: now, into: &batch)
                let ordinal = seen[request.caseID, default: 0]
                seen[request.caseID] = ordinal + 1
                return .success(.init(caseID: request.caseID, ordinal: ordinal, actions: applied.0, zone: applied.1))
            } catch {
                return .failure(error)
            }
        }
        let commit = batch.isEmpty ? nil : queue(batch, engineChanged: true)
        return QueuedCheckIns(commit: commit, outcomes: outcomes, now: now)
    }

    /// Applies one check-in to the person's engine and adds its input and events to `batch`; returns the actions
    /// it caused and the person's zone.
    private func apply(_ request: Methods.RecordCheckIn, caller: Caller, now: Instant, into batch: inout WriteBatch)
        throws(RequestError) -> ([Action], ZoneRules)
    {
        guard try load(request.caseID) else { throw .personNotFound(request.caseID) }
        // Out of the dictionary while it changes, so that the engine's arrays are not copied (`update` puts it back).
        guard var entry = entries.removeValue(forKey: request.caseID) else { throw .personNotFound(request.caseID) }
        let checkIn: CheckIn
        do throws(RequestError) {
            checkIn = try self.checkIn(request, caller: caller, now: now, engine: entry.engine)
        } catch {
            entries[request.caseID] = entry
            throw error
        }
        // The state row on disk, unless a change to it is already waiting to be queued.
        let rowBefore = dirty.contains(request.caseID) ? nil : entry.stateRow(request.caseID)
        let before = Counters(entry.engine)
        let applied: (due: [Action], caused: [Action])
        do {
            applied = try entry.engine.applying(.checkIn(checkIn), at: now)
        } catch {
            entries[request.caseID] = entry  // unchanged: the engine validates before it changes anything
            throw .invalidValue(parameter: "method", value: request.method, expected: "\(error)")
        }
        let (kind, payload) = InputCodec.encode(.checkIn(checkIn))
        batch.inputs.append(
            InputRow(
                caseID: request.caseID, appliedAt: now.microseconds, kind: kind, payload: payload,
                callerUID: Int64(caller.uid), callerName: caller.name))
        let record = entry.engine.person
        batch.events.append(
            EventDraft(
                type: "check-in", at: checkIn.at.microseconds,
                fields: [
                    "person": record.caseID, "method": request.method, "caller_uid": String(caller.uid),
                    "caller": caller.name, "officer": record.officer ?? "",
                    "message": "\(record.caseID) reported by \(request.method), recorded by \(caller.name)",
                ]))
        batch.events += drafts(applied, person: record, now: now)
        // Worked out from the entry while it is out of the dictionary: reading it there would copy it.
        let rowAfter = rowBefore == nil ? nil : entry.stateRow(request.caseID)
        update(request.caseID, entry, before: before)
        if let rowBefore, let rowAfter {
            // Most check-ins change no state row field (one that meets no window changes none): a row not written
            // saves the writer two random pages of the table and its key.
            dirty.remove(request.caseID)
            if rowAfter != rowBefore { stashedStates[request.caseID] = rowAfter }
        }
        return (applied.due + applied.caused, record.timeZone)
    }

    /// The check-in a request describes, checked against the person's engine.
    private func checkIn(_ request: Methods.RecordCheckIn, caller: Caller, now: Instant, engine: borrowing Supervision)
        throws(RequestError) -> CheckIn
    {
        guard !engine.ended else { throw .supervisionEnded(request.caseID) }
        guard Obligation.kinds.contains(request.method) else {
            throw .invalidValue(
                parameter: "method", value: request.method, expected: Obligation.kinds.joined(separator: ", "))
        }
        let at = try request.at.map { (text) throws(RequestError) in try time(text, parameter: "at") } ?? now
        if at > now + .minutes(1) {
            throw .invalidValue(parameter: "at", value: request.at ?? "", expected: "a time not in the future")
        }
        if at < engine.person.supervisionStart {
            throw .invalidValue(parameter: "at", value: request.at ?? "", expected: "a time after supervision started")
        }
        if let note = request.note, note.count > 2000 {
            throw .invalidValue(
                parameter: "note", value: String(note.prefix(40)) + "…", expected: "at most 2000 characters")
        }
        return CheckIn(at: at, method: request.method, recordedBy: caller.name, note: request.note)
    }

    /// Waits until queued check-ins are on disk and returns each one's reply, or why it was refused, in order.
    /// Runs on the caller's executor, not the actor's: nothing in it touches the caseload, so waiting for the disk
    /// costs no hop onto the actor and back.
    nonisolated(nonsending) public func settle(_ queued: QueuedCheckIns) async
        -> [Result<Methods.RecordCheckInReply, RequestError>]
    {
        var stored: Result<[StoredEvent], RequestError> = .success([])
        if let commit = queued.commit {
            do throws(RequestError) { stored = .success(try await settle(commit)) } catch { stored = .failure(error) }
        }
        // Each person's check-in events in the batch, in order.
        var seqs: [String: [Int64]] = [:]
        for event in (try? stored.get()) ?? [] where event.type == "check-in" {
            if let person = event.fields["person"] { seqs[person, default: []].append(event.seq) }
        }
        return queued.outcomes.map { outcome in
            outcome.flatMap { applied in
                stored.map { _ in
                    let seq = seqs[applied.caseID].flatMap {
                        $0.indices.contains(applied.ordinal) ? $0[applied.ordinal] : nil
                    }
                    return Self.reply(for: applied.actions, seq: seq ?? 0, now: queued.now, zone: applied.zone)
                }
            }
        }
    }

    static func reply(for actions: [Action], seq: Int64, now: Instant, zone: ZoneRules)
        -> Methods.RecordCheckInReply
    {
        var outcome = "unmatched"
        var occurrence: String?
        var incident: String?
        for action in actions {
            switch action.kind {
            case .outcome(let o, let result) where result == .onTime || result == .late:
                outcome = result.description
                occurrence = o.id
            case .resolved(let i, .lateCheckIn):
                outcome = "resolved"
                incident = i.id
                occurrence = i.occurrence
            default: break
            }
        }
        return .init(
            outcome: outcome, occurrence: occurrence, incident: incident, recordedAt: TimeText.format(now, zone),
            eventSeq: seq)
    }
}
