import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// A check-in applied in memory and queued for the disk: ``settle(_:)-(QueuedCheckIn)`` waits until it is
    /// durable and gives the reply. Every queued check-in must be settled.
    public struct QueuedCheckIn: Sendable {
        let commit: QueuedCommit
        let actions: [Action]
        let now: Instant
        let zone: ZoneRules
    }

    /// Records a check-in and replies once it is on disk.
    public func recordCheckIn(_ request: Methods.RecordCheckIn, caller: Caller) async throws(RequestError)
        -> Methods.RecordCheckInReply
    {
        try await settle(queueCheckIn(request, caller: caller))
    }

    /// Applies a check-in and queues it for the disk without waiting. Requests that come after it see it applied,
    /// so a connection may send its next call while this one is being written (see `VarlinkReplier.proceed()`).
    public func queueCheckIn(_ request: Methods.RecordCheckIn, caller: Caller) async throws(RequestError)
        -> QueuedCheckIn
    {
        await wake(request.caseID)
        let now = now()
        let checkIn = try checkIn(request, caller: caller, now: now)
        // The state row on disk, unless a change to it is already waiting to be queued.
        let rowBefore = dirty.contains(request.caseID) ? nil : stateRow(request.caseID)
        // Out of the dictionary while it changes, so that the engine's arrays are not copied (`update` puts it back).
        guard var entry = entries.removeValue(forKey: request.caseID) else { throw .personNotFound(request.caseID) }
        let before = Counters(entry.engine)
        let applied: (due: [Action], caused: [Action])
        do {
            applied = try entry.engine.applying(.checkIn(checkIn), at: now)
        } catch {
            entries[request.caseID] = entry  // unchanged: the engine validates before it changes anything
            throw .invalidValue(parameter: "method", value: request.method, expected: "\(error)")
        }
        let (kind, payload) = InputCodec.encode(.checkIn(checkIn))
        let input = InputRow(
            caseID: request.caseID, appliedAt: now.microseconds, kind: kind, payload: payload,
            callerUID: Int64(caller.uid), callerName: caller.name)
        let record = entry.engine.person
        let checkInEvent = EventDraft(
            type: "check-in", at: checkIn.at.microseconds,
            fields: [
                "person": record.caseID, "method": request.method, "caller_uid": String(caller.uid),
                "caller": caller.name, "officer": record.officer ?? "",
                "message": "\(record.caseID) reported by \(request.method), recorded by \(caller.name)",
            ])
        update(request.caseID, entry, before: before)
        if let rowBefore {
            // Most check-ins change no state row field (one that meets no window changes none): a row not written
            // saves the writer two random pages of the table and its key.
            dirty.remove(request.caseID)
            if let row = stateRow(request.caseID), row != rowBefore { stashedStates[request.caseID] = row }
        }
        let queued = queue(
            WriteBatch(inputs: [input], events: [checkInEvent] + drafts(applied, person: record, now: now)),
            engineChanged: true)
        return QueuedCheckIn(commit: queued, actions: applied.due + applied.caused, now: now, zone: record.timeZone)
    }

    /// Applies check-ins in order and queues each for the disk, in one turn of the actor: for check-ins a client
    /// pipelined, which would otherwise each hop onto the actor and back. Settle each result that is a success.
    public func queueCheckIns(_ requests: [Methods.RecordCheckIn], caller: Caller) async
        -> [Result<QueuedCheckIn, RequestError>]
    {
        var queued: [Result<QueuedCheckIn, RequestError>] = []
        queued.reserveCapacity(requests.count)
        for request in requests {
            do {
                queued.append(.success(try await queueCheckIn(request, caller: caller)))
            } catch {
                queued.append(.failure(error))
            }
        }
        return queued
    }

    /// The check-in a request describes, checked against the person (loaded from disk if asleep).
    private func checkIn(_ request: Methods.RecordCheckIn, caller: Caller, now: Instant) throws(RequestError)
        -> CheckIn
    {
        guard let entry = try loaded(request.caseID) else { throw .personNotFound(request.caseID) }
        guard !entry.engine.ended else { throw .supervisionEnded(request.caseID) }
        guard Obligation.kinds.contains(request.method) else {
            throw .invalidValue(
                parameter: "method", value: request.method, expected: Obligation.kinds.joined(separator: ", "))
        }
        let at = try request.at.map { (text) throws(RequestError) in try time(text, parameter: "at") } ?? now
        if at > now + .minutes(1) {
            throw .invalidValue(parameter: "at", value: request.at ?? "", expected: "a time not in the future")
        }
        if at < entry.engine.person.supervisionStart {
            throw .invalidValue(parameter: "at", value: request.at ?? "", expected: "a time after supervision started")
        }
        if let note = request.note, note.count > 2000 {
            throw .invalidValue(
                parameter: "note", value: String(note.prefix(40)) + "…", expected: "at most 2000 characters")
        }
        return CheckIn(at: at, method: request.method, recordedBy: caller.name, note: request.note)
    }

    /// Waits until a queued check-in is on disk and returns its reply.
    /// Runs on the caller's executor, not the actor's: nothing in it touches the caseload, so waiting for the disk
    /// costs no hop onto the actor and back per check-in.
    nonisolated(nonsending) public func settle(_ checkIn: QueuedCheckIn) async throws(RequestError)
        -> Methods.RecordCheckInReply
    {
        let stored = try await settle(checkIn.commit)
        return Self.reply(for: checkIn.actions, stored: stored, now: checkIn.now, zone: checkIn.zone)
    }

    static func reply(for actions: [Action], stored: [StoredEvent], now: Instant, zone: ZoneRules)
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
        let seq = stored.first { $0.type == "check-in" }?.seq ?? 0
        return .init(
            outcome: outcome, occurrence: occurrence, incident: incident, recordedAt: TimeText.format(now, zone),
            eventSeq: seq)
    }
}
