import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Voids a mistaken check-in (never deleting it): the person's state is rebuilt without it, and whatever now
    /// follows that had not fired yet (a window missed after all, say) fires at once, marked caught up.
    public func correctCheckIn(_ request: Methods.CorrectCheckIn, caller: Caller) async throws(RequestError)
        -> Methods.CorrectCheckInReply
    {
        guard exists(request.caseID) else { throw .personNotFound(request.caseID) }
        let reason = try Self.required(request.reason, "reason")
        // The rebuild reads the person's inputs from disk: first let every queued one get there. From the last
        // check on nothing suspends, so no input can slip in between the read and the swap.
        while writing(request.caseID) {
            _ = try await commit(WriteBatch(), engineChanged: false)
        }
        guard var entry = try loaded(request.caseID) else { throw .personNotFound(request.caseID) }
        let notFound = RequestError.invalidValue(
            parameter: "event_seq", value: String(request.eventSeq),
            expected: "the sequence number of a check-in event of \(request.caseID)")
        let event: StoredEvent
        let inputs: [InputRow]
        let written: Set<String>
        do {
            guard let found = try store.event(seq: request.eventSeq) else { throw notFound }
            event = found
            inputs = try store.inputs(of: request.caseID)
            written = try store.writtenActionIDs(of: request.caseID)
        } catch let error as RequestError {
            throw error
        } catch {
            throw .unavailable("cannot read the database: \(error)")
        }
        guard event.type == "check-in", event.fields["person"] == request.caseID else { throw notFound }
        let voided = Set(inputs.filter { $0.kind == InputCodec.voidKind }.compactMap(InputCodec.voidedSeq))
        guard
            let target = inputs.first(where: { row in
                guard let seq = row.seq, !voided.contains(seq), let c = InputCodec.checkIn(row) else { return false }
                return c.at.microseconds == event.at && c.method == event.fields["method"]
            }), let seq = target.seq
        else {
            throw .invalidValue(
                parameter: "event_seq", value: String(request.eventSeq), expected: "a check-in not corrected yet")
        }
        let now = now()
        let (rebuilt, replayed): (Supervision, [Action])
        do {
            var result = try replay(row: entry.row, record: entry.engine.person, inputs: inputs, voiding: [seq])
            // Caused actions too: without the check-in, a later one may meet the window and cause something new.
            replayed = result.actions.map(\.action) + result.engine.advance(to: now)
            rebuilt = result.engine
        } catch {
            throw .unavailable("cannot rebuild \(request.caseID) without the check-in: \(error)")
        }
        // Actions a rebuild just queued (not on disk yet) are not consequences of the correction either.
        let queued = Set(pendingDrafts.compactMap(\.actionID))
        let consequences = replayed.filter { !written.contains($0.id) && !queued.contains($0.id) }
        let void = InputRow(
            caseID: request.caseID, appliedAt: now.microseconds, kind: InputCodec.voidKind,
            payload: InputCodec.void(seq: seq, reason: reason), callerUID: Int64(caller.uid), callerName: caller.name)
        let correction = EventDraft(
            type: "check-in-corrected", at: now.microseconds,
            fields: [
                "person": request.caseID, "corrects": String(request.eventSeq), "reason": reason,
                "caller_uid": String(caller.uid), "caller": caller.name, "officer": entry.row.officer ?? "",
                "message":
                    "\(request.caseID): check-in (event \(request.eventSeq)) voided by \(caller.name): \(reason)",
            ])
        let before = Counters(entry.engine)
        entry.engine = rebuilt
        update(request.caseID, entry, before: before)
        let stored = try await commit(
            WriteBatch(inputs: [void], events: [correction] + drafts(consequences, person: rebuilt.person, now: now)),
            engineChanged: true)
        return .init(correctionSeq: stored.first?.seq ?? 0, consequences: consequences.count)
    }
}
