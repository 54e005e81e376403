import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Applies an officer's input to one person: validated by the engine, written with the actions it causes,
    /// answered once on disk. The caller's uid and name go on the request's own event (`type`), or, when the
    /// engine's actions say it all (`type` nil: acknowledged, resolved, decision), on those actions' events.
    func apply(
        _ input: Input, to caseID: String, caller: Caller, event type: String?, fields: [String: String],
        message: String
    ) async throws(RequestError) -> [Action] {
        guard var entry = try loaded(caseID) else { throw .personNotFound(caseID) }
        let now = now()
        let before = Counters(entry.engine)
        let applied: (due: [Action], caused: [Action])
        do {
            applied = try entry.engine.applying(input, at: now)
        } catch {
            switch error {
            case .unknownIncident(let id): throw .incidentNotFound(id)
            case .unknownProposal(let id): throw .proposalNotFound(id)
            case .unknownLeave(let id): throw .leaveNotFound(id)
            case .supervisionEnded(let id): throw .supervisionEnded(id)
            case .notSuspended(let id), .alreadySuspended(let id):
                throw .invalidValue(parameter: "case_id", value: id, expected: "\(error)")
            case .unknownMethod(let method):
                throw .invalidValue(
                    parameter: "method", value: method, expected: Obligation.kinds.joined(separator: ", "))
            }
        }
        let (kind, payload) = InputCodec.encode(input)
        let row = InputRow(
            caseID: caseID, appliedAt: now.microseconds, kind: kind, payload: payload, callerUID: Int64(caller.uid),
            callerName: caller.name)
        let callerFields = ["caller_uid": String(caller.uid), "caller": caller.name]
        var events = drafts(applied, person: entry.engine.person, now: now)
        if let type {
            var all = fields.merging(callerFields) { $1 }
            all["person"] = caseID
            all["message"] = "\(caseID): \(message) (by \(caller.name))"
            if let officer = entry.engine.person.officer { all["officer"] = officer }
            events.insert(EventDraft(type: type, at: now.microseconds, fields: all), at: 0)
        } else {
            for i in events.indices { events[i].fields.merge(fields.merging(callerFields) { $1 }) { old, _ in old } }
        }
        update(caseID, entry, before: before)
        _ = try await commit(WriteBatch(inputs: [row], events: events), engineChanged: true)
        return applied.due + applied.caused
    }

    /// The case id an incident (`CASE:occurrence`) or proposal (`CASE/…`) id begins with.
    static func caseID(of id: String, separator: Character) -> String {
        String(id.prefix { $0 != separator })
    }

    static func required(_ text: String?, _ parameter: String) throws(RequestError) -> String {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 2000 else {
            throw .invalidValue(parameter: parameter, value: text ?? "", expected: "1 to 2000 characters")
        }
        return trimmed
    }

    public func acknowledge(_ request: Methods.Acknowledge, caller: Caller) async throws(RequestError) {
        let caseID = Self.caseID(of: request.incident, separator: ":")
        guard exists(caseID) else { throw .incidentNotFound(request.incident) }
        _ = try await apply(
            .acknowledge(incident: request.incident, by: caller.name), to: caseID, caller: caller,
            event: nil, fields: ["incident": request.incident, "note": request.note ?? ""],
            message: "incident \(request.incident) acknowledged")
    }

    public func resolve(_ request: Methods.Resolve, caller: Caller) async throws(RequestError) {
        let caseID = Self.caseID(of: request.incident, separator: ":")
        guard exists(caseID) else { throw .incidentNotFound(request.incident) }
        let note = try Self.required(request.note, "note")
        _ = try await apply(
            .resolve(incident: request.incident, by: caller.name, note: note), to: caseID, caller: caller,
            event: nil, fields: ["incident": request.incident, "note": note],
            message: "incident \(request.incident) resolved")
    }

    public func decide(_ request: Methods.Decide, caller: Caller) async throws(RequestError) {
        let caseID = Self.caseID(of: request.proposal, separator: "/")
        guard exists(caseID) else { throw .proposalNotFound(request.proposal) }
        let decision: SanctionProposal.Decision
        switch request.decision {
        case "accept": decision = .accepted
        case "reject": decision = .rejected
        default: throw .invalidValue(parameter: "decision", value: request.decision, expected: "accept or reject")
        }
        let note = try Self.required(request.note, "note")
        _ = try await apply(
            .decide(proposal: request.proposal, decision, by: caller.name), to: caseID, caller: caller,
            event: nil, fields: ["proposal": request.proposal, "decision": request.decision, "note": note],
            message: "proposal \(request.proposal): \(request.decision)")
    }

    public func addLeave(_ request: Methods.AddLeave, caller: Caller) async throws(RequestError) -> LeaveInfo {
        guard let entry = try loaded(request.caseID) else { throw .personNotFound(request.caseID) }
        let from = try time(request.from, parameter: "from")
        let until = try time(request.until, parameter: "until")
        guard until > from else {
            throw .invalidValue(parameter: "until", value: request.until, expected: "after from")
        }
        guard until - from <= .days(366) else {
            throw .invalidValue(parameter: "until", value: request.until, expected: "at most a year after from")
        }
        let destination = try Self.required(request.destination, "destination")
        var id = "L-\(from.stamp.filter(\.isNumber).prefix(12))"
        while entry.engine.leaves.contains(where: { $0.id == id }) { id += "b" }
        let leave = Leave(id: id, from: from, until: until, destination: destination, approver: request.approver)
        _ = try await apply(
            .addLeave(leave), to: request.caseID, caller: caller, event: "leave-added",
            fields: ["leave": id, "from": from.stamp, "until": until.stamp, "approver": request.approver ?? ""],
            message: "leave \(id) from \(from.stamp) until \(until.stamp)")
        return leaveInfo(leave, zone: entry.engine.person.timeZone)
    }

    public func cancelLeave(_ request: Methods.CancelLeave, caller: Caller) async throws(RequestError) {
        _ = try await apply(
            .cancelLeave(id: request.leaveID), to: request.caseID, caller: caller, event: "leave-cancelled",
            fields: ["leave": request.leaveID], message: "leave \(request.leaveID) cancelled")
    }

    public func leaves(_ caseID: String) throws(RequestError) -> [LeaveInfo] {
        guard let entry = try peek(caseID) else { throw .personNotFound(caseID) }
        return entry.engine.leaves.sorted { $0.from < $1.from }.map {
            leaveInfo($0, zone: entry.engine.person.timeZone)
        }
    }

    func leaveInfo(_ leave: Leave, zone: ZoneRules) -> LeaveInfo {
        LeaveInfo(
            id: leave.id, from: TimeText.format(leave.from, zone), until: TimeText.format(leave.until, zone),
            destination: leave.destination, approver: leave.approver)
    }

    public func excuse(_ request: Methods.Excuse, caller: Caller) async throws(RequestError) {
        let reason = try Self.required(request.reason, "reason")
        guard let entry = try loaded(request.caseID) else { throw .personNotFound(request.caseID) }
        guard request.occurrence.count <= 200, entry.engine.knows(occurrence: request.occurrence) else {
            throw .invalidValue(
                parameter: "occurrence", value: request.occurrence,
                expected: "an occurrence of \(request.caseID) (open, missed or scheduled) such as "
                    + "weekly-in-person@2026-12-07T00:30Z; see ccsctl upcoming or overdue")
        }
        _ = try await apply(
            .excuse(occurrence: request.occurrence, reason: reason), to: request.caseID, caller: caller,
            event: "excused", fields: ["occurrence": request.occurrence, "reason": reason],
            message: "occurrence \(request.occurrence) excused")
    }
}

extension Caseload {
    /// Suspends supervision (custody, hospital): windows are excused and nothing is proposed until resumed.
    public func suspend(_ request: Methods.EndSupervision, caller: Caller) async throws(RequestError) {
        let reason = try Self.required(request.reason, "reason")
        _ = try await apply(
            .suspend(reason: reason), to: request.caseID, caller: caller, event: nil, fields: ["reason": reason],
            message: "supervision suspended")
    }

    public func resume(_ caseID: String, caller: Caller) async throws(RequestError) {
        _ = try await apply(
            .resume, to: caseID, caller: caller, event: nil, fields: [:], message: "supervision resumed")
    }
}
