import CCSDProtocol
import CCSDVarlink

/// `io.ccsd.Supervision` over Varlink: checks the caller's role, decodes, asks the caseload, maps errors.
/// Roles are enforced here, in the daemon, never in the client.
public struct SupervisionService: VarlinkInterface {
    let caseload: Caseload
    let roles: RoleResolver
    let broadcaster: EventBroadcaster
    /// Officers act only on their own caseload (`[access] officers-own-caseload-only`).
    let ownCaseloadOnly: Bool
    let tester: NotifyTester

    public init(
        caseload: Caseload, roles: RoleResolver, broadcaster: EventBroadcaster = EventBroadcaster(),
        ownCaseloadOnly: Bool = false, tester: NotifyTester = NotifyTester(channels: [:], office: "")
    ) {
        self.caseload = caseload
        self.roles = roles
        self.broadcaster = broadcaster
        self.ownCaseloadOnly = ownCaseloadOnly
        self.tester = tester
    }

    public var name: String { SupervisionInterface.name }
    public var description: String { SupervisionInterface.description }

    /// The role each method needs.
    static let required: [String: Role] = [
        "GetStatus": .auditor, "GetPerson": .auditor, "GetEvents": .auditor, "ListLeaves": .auditor,
        "ListOverdue": .auditor, "ListIncidents": .auditor, "ListDeliveries": .auditor, "ListUpcoming": .auditor,
        "ListProposals": .auditor,
        "Explain": .auditor,
        "VerifyAudit": .auditor, "ListPersons": .auditor, "FollowEvents": .auditor, "ComplianceReport": .auditor,
        "RecordCheckIn": .officer, "Acknowledge": .officer, "Resolve": .officer, "Decide": .officer,
        "AddLeave": .officer, "CancelLeave": .officer, "Excuse": .officer, "CorrectCheckIn": .officer,
        "AddPerson": .admin, "Reload": .admin, "UpdatePerson": .admin, "EndSupervision": .admin,
        "ImportPersons": .admin, "ExportPersons": .admin, "TestNotification": .admin, "SuspendSupervision": .officer,
        "ResumeSupervision": .officer,
    ]

    /// `GetStatus` from the caseload's published ``StatusBoard``, on the event loop: no actor hop, no encoding
    /// per call. The role is checked as for every call; a refused caller goes to ``handle(_:caller:replier:)``,
    /// which audits the refusal, and so does a caller whose role is not cached: looking it up (sssd, LDAP) could
    /// block the socket's loop.
    public func answerImmediately(_ call: VarlinkCall, caller peer: PeerCredentials) throws(VarlinkError)
        -> VarlinkImmediateReply?
    {
        guard call.methodName == "GetStatus", let needed = Self.required[call.methodName],
            let cached = roles.cachedCaller(uid: peer.uid), cached.role >= needed
        else { return nil }
        return caseload.board.encodedStatusReply().map { .encoded($0) }
    }

    /// Check-ins pipelined on one connection overlap: before it proceeds, a check-in changes only memory and reads
    /// from the disk only a sleeping person (who has no write in flight: persons with one stay awake), so it sees
    /// every earlier check-in while those are still being written.
    public func mayOverlap(_ call: VarlinkCall) -> Bool {
        call.methodName == "RecordCheckIn"
    }

    /// Check-ins pipelined together are applied in one turn of the caseload and written in one go.
    public func mayHandleTogether(_ call: VarlinkCall) -> Bool {
        call.methodName == "RecordCheckIn"
    }

    /// Check-ins a client pipelined, as ``handle(_:caller:replier:)`` would answer each: checked, applied and
    /// queued in order, then each reply once its check-in is on disk.
    public func handle(together calls: [VarlinkCall], caller peer: PeerCredentials, proceed: @Sendable () -> Void)
        async -> [Result<VarlinkImmediateReply, VarlinkError>]
    {
        let caller = roles.caller(uid: peer.uid)
        var requests: [Result<Methods.RecordCheckIn, VarlinkError>] = []
        for call in calls {
            do throws(VarlinkError) {
                requests.append(.success(try await checkInRequest(call, caller: caller)))
            } catch {
                requests.append(.failure(error))
            }
        }
        let queued = await caseload.queueCheckIns(requests.compactMap { try? $0.get() }, caller: caller)
        proceed()
        var settled = await caseload.settle(queued).makeIterator()
        var replies: [Result<VarlinkImmediateReply, VarlinkError>] = []
        replies.reserveCapacity(calls.count)
        for request in requests {
            if case .failure(let error) = request {
                replies.append(.failure(error))
                continue
            }
            // One settled check-in per request that made it this far, in order.
            switch settled.next() ?? .failure(.unavailable("a check-in went missing")) {
            case .success(let reply): replies.append(.success(.parameters(.object(reply.jsonObject))))
            case .failure(let error): replies.append(.failure(Self.error(error)))
            }
        }
        return replies
    }

    /// A check-in call's request, from a caller allowed to make it.
    private func checkInRequest(_ call: VarlinkCall, caller: Caller) async throws(VarlinkError)
        -> Methods.RecordCheckIn
    {
        do {
            return try await authorized(call, caller: caller).decode(Methods.RecordCheckIn.self)
        } catch {
            throw error as? VarlinkError ?? .internalError(interface: name)
        }
    }

    /// `call` as `caller` may make it: refused (and the refusal audited) without the method's role; with
    /// `officers-own-caseload-only`, an officer's call limited to their own persons.
    private func authorized(_ call: VarlinkCall, caller: Caller) async throws -> VarlinkCall {
        guard let needed = Self.required[call.methodName] else { throw VarlinkError.methodNotFound(call.method) }
        guard caller.role >= needed else {
            await caseload.auditDenied(method: call.method, caller: caller, required: needed)
            throw Self.error(.permissionDenied(method: call.method, required: needed.description))
        }
        return ownCaseloadOnly && caller.role == .officer ? try await restrict(call, to: caller) : call
    }

    public func handle(_ call: VarlinkCall, caller peer: PeerCredentials, replier: any VarlinkReplier) async throws {
        let caller = roles.caller(uid: peer.uid)
        let call = try await authorized(call, caller: caller)
        do {
            switch call.methodName {
            case "GetStatus":
                try await replier.reply(Methods.GetStatusReply(status: await caseload.status()))
            case "AddPerson":
                let request = try call.decode(Methods.AddPerson.self)
                try await replier.reply(
                    Methods.AddPersonReply(person: try await caseload.addPerson(request, caller: caller)))
            case "RecordCheckIn":
                let request = try call.decode(Methods.RecordCheckIn.self)
                // Applied and queued: the connection's next call may start while this one is written.
                let queued = await caseload.queueCheckIns([request], caller: caller)
                replier.proceed()
                try await replier.reply(try await caseload.settle(queued)[0].get())
            case "GetPerson":
                let request = try call.decode(Methods.GetPerson.self)
                try await replier.reply(try await caseload.person(request.caseID))
            case "GetEvents":
                let request = try call.decode(Methods.GetEvents.self)
                try await replier.reply(Methods.GetEventsReply(events: try await caseload.events(request)))
            default:
                try await handleOfficer(call, caller: caller, replier: replier)
            }
        } catch let error as RequestError {
            throw Self.error(error)
        }
    }

    /// The Varlink error for a request error, with the parameters the interface description declares.
    static func error(_ error: RequestError) -> VarlinkError {
        typealias E = SupervisionInterface.Errors
        switch error {
        case .personNotFound(let id):
            return VarlinkError(name: E.personNotFound, parameters: ["case_id": .string(id)])
        case .personExists(let id):
            return VarlinkError(name: E.personExists, parameters: ["case_id": .string(id)])
        case .policyNotFound(let policy, let known):
            return VarlinkError(
                name: E.policyNotFound,
                parameters: ["policy": .string(policy), "known": .array(known.map { .string($0) })])
        case .invalidValue(let parameter, let value, let expected):
            return VarlinkError(
                name: E.invalidValue,
                parameters: ["parameter": .string(parameter), "value": .string(value), "expected": .string(expected)])
        case .supervisionEnded(let id):
            return VarlinkError(name: E.supervisionEnded, parameters: ["case_id": .string(id)])
        case .permissionDenied(let method, let required):
            return VarlinkError(
                name: E.permissionDenied, parameters: ["method": .string(method), "required": .string(required)])
        case .unavailable(let reason):
            return VarlinkError(name: E.unavailable, parameters: ["reason": .string(reason)])
        case .incidentNotFound(let id):
            return VarlinkError(name: E.incidentNotFound, parameters: ["incident": .string(id)])
        case .proposalNotFound(let id):
            return VarlinkError(name: E.proposalNotFound, parameters: ["proposal": .string(id)])
        case .leaveNotFound(let id):
            return VarlinkError(name: E.leaveNotFound, parameters: ["leave_id": .string(id)])
        }
    }

    /// Limits an officer to their own caseload: calls about one person must be about theirs, lists show only theirs.
    func restrict(_ call: VarlinkCall, to caller: Caller) async throws -> VarlinkCall {
        let parameters = call.parameters
        // Every id in the call counts, whichever field the method reads: an extra case_id must not vouch for
        // another officer's incident.
        let caseIDs = Set(
            [
                parameters["case_id"]?.stringValue,
                parameters["incident"]?.stringValue.map { Caseload.caseID(of: $0, separator: ":") },
                parameters["proposal"]?.stringValue.map { Caseload.caseID(of: $0, separator: "/") },
            ].compactMap { $0 })
        if !caseIDs.isEmpty {
            for caseID in caseIDs.sorted() where await caseload.officer(of: caseID) != caller.name {
                await caseload.auditDenied(method: call.method, caller: caller, required: .officer)
                throw Self.error(.permissionDenied(method: call.method, required: "the officer of \(caseID)"))
            }
            return call
        }
        switch call.methodName {
        case "ListOverdue", "ListIncidents", "ListUpcoming", "ListProposals", "ListPersons", "ComplianceReport":
            var restricted = parameters
            restricted["officer"] = .string(caller.name)
            return VarlinkCall(method: call.method, parameters: restricted, more: call.more, oneway: call.oneway)
        case "GetStatus":
            return call
        default:
            await caseload.auditDenied(method: call.method, caller: caller, required: .admin)
            throw Self.error(.permissionDenied(method: call.method, required: "ccsd-auditor or ccsd-admin"))
        }
    }

    /// The officers' methods: incidents, decisions, leave, excuses, queues, explanations, reload, audit.
    func handleOfficer(_ call: VarlinkCall, caller: Caller, replier: any VarlinkReplier) async throws {
        let empty = VarlinkEmptyReply()
        switch call.methodName {
        case "Acknowledge":
            try await caseload.acknowledge(try call.decode(Methods.Acknowledge.self), caller: caller)
            try await replier.reply(empty)
        case "Resolve":
            try await caseload.resolve(try call.decode(Methods.Resolve.self), caller: caller)
            try await replier.reply(empty)
        case "Decide":
            try await caseload.decide(try call.decode(Methods.Decide.self), caller: caller)
            try await replier.reply(empty)
        case "AddLeave":
            let leave = try await caseload.addLeave(try call.decode(Methods.AddLeave.self), caller: caller)
            try await replier.reply(Methods.LeaveReply(leave: leave))
        case "CancelLeave":
            try await caseload.cancelLeave(try call.decode(Methods.CancelLeave.self), caller: caller)
            try await replier.reply(empty)
        case "ListLeaves":
            let request = try call.decode(Methods.GetPerson.self)
            try await replier.reply(Methods.ListLeavesReply(leaves: try await caseload.leaves(request.caseID)))
        case "Excuse":
            try await caseload.excuse(try call.decode(Methods.Excuse.self), caller: caller)
            try await replier.reply(empty)
        case "ListOverdue":
            let request = try call.decode(Methods.Queue.self)
            try await replier.reply(
                Methods.ListOverdueReply(incidents: await caseload.overdue(officer: request.officer)))
        case "ListDeliveries":
            let deliveries = try caseload.deliveries(try call.decode(Methods.ListDeliveries.self))
            try await replier.reply(Methods.ListDeliveriesReply(deliveries: deliveries))
        case "TestNotification":
            try await replier.reply(
                try await tester.send(try call.decode(Methods.TestNotification.self), caller: caller))
        case "ListIncidents":
            let incidents = try await caseload.incidents(try call.decode(Methods.ListIncidents.self))
            try await replier.reply(Methods.ListIncidentsReply(incidents: incidents))
        case "ListUpcoming":
            let request = try call.decode(Methods.Queue.self)
            let windows = try await caseload.upcoming(within: request.within, officer: request.officer)
            try await replier.reply(Methods.ListUpcomingReply(windows: windows))
        case "ListProposals":
            let request = try call.decode(Methods.Queue.self)
            let proposals = try await caseload.pendingProposals(officer: request.officer)
            try await replier.reply(Methods.ListProposalsReply(proposals: proposals))
        case "Explain":
            let request = try call.decode(Methods.GetPerson.self)
            try await replier.reply(Methods.ExplainReply(lines: try await caseload.explain(request.caseID)))
        case "Reload":
            let outcome = await ReloadService.reload(caseload, logger: caseload.logger)
            try await replier.reply(Methods.ReloadReply(outcome))
        case "VerifyAudit":
            try await replier.reply(try await caseload.verifyAudit())
        case "UpdatePerson":
            let person = try await caseload.updatePerson(try call.decode(Methods.UpdatePerson.self), caller: caller)
            try await replier.reply(Methods.AddPersonReply(person: person))
        case "EndSupervision":
            let person = try await caseload.endSupervision(try call.decode(Methods.EndSupervision.self), caller: caller)
            try await replier.reply(Methods.AddPersonReply(person: person))
        case "ListPersons":
            let persons = try await caseload.listPersons(try call.decode(Methods.ListPersons.self))
            try await replier.reply(Methods.ListPersonsReply(persons: persons))
        case "ComplianceReport":
            try await replier.reply(try await caseload.compliance(try call.decode(Methods.ComplianceReport.self)))
        case "SuspendSupervision":
            try await caseload.suspend(try call.decode(Methods.EndSupervision.self), caller: caller)
            try await replier.reply(
                Methods.AddPersonReply(
                    person: try await caseload.person(try call.decode(Methods.GetPerson.self).caseID).person))
        case "ResumeSupervision":
            let request = try call.decode(Methods.GetPerson.self)
            try await caseload.resume(request.caseID, caller: caller)
            try await replier.reply(Methods.AddPersonReply(person: try await caseload.person(request.caseID).person))
        case "CorrectCheckIn":
            try await replier.reply(
                try await caseload.correctCheckIn(try call.decode(Methods.CorrectCheckIn.self), caller: caller))
        case "ImportPersons":
            try await replier.reply(
                try await caseload.importPersons(try call.decode(Methods.ImportPersons.self), caller: caller))
        case "ExportPersons":
            let request = try call.decode(Methods.ExportPersons.self)
            try await replier.reply(
                Methods.ExportPersonsReply(csv: await caseload.exportPersons(officer: request.officer)))
        case "FollowEvents":
            try await follow(try call.decode(Methods.FollowEvents.self), call: call, replier: replier)
        default:
            throw VarlinkError.methodNotFound(call.method)
        }
    }

    /// Streams the log: the backlog after `after_seq`, then every new event, until the client hangs up.
    func follow(_ request: Methods.FollowEvents, call: VarlinkCall, replier: any VarlinkReplier) async throws {
        guard call.more else { throw VarlinkError.expectedMore }
        let live = broadcaster.subscribe()
        var last: Int64?
        if var cursor = request.afterSeq {
            while true {
                let page = try await caseload.events(.init(afterSeq: cursor, limit: 10_000))
                for event in page { try await replier.reply(Methods.FollowEventsReply(event: event), continues: true) }
                cursor = page.last?.seq ?? cursor
                if page.count < 10_000 { break }
            }
            last = cursor
        }
        for await event in live {
            if let last, event.seq <= last { continue }
            try await replier.reply(Methods.FollowEventsReply(event: caseload.eventInfo(event)), continues: true)
        }
    }
}

extension Methods.ReloadReply {
    init(_ outcome: ReloadOutcome) {
        switch outcome {
        case .applied: self.init(outcome: "applied", problems: [])
        case .unchanged: self.init(outcome: "unchanged", problems: [])
        case .rejected(let problems): self.init(outcome: "rejected", problems: problems)
        }
    }
}
