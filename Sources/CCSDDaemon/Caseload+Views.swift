import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime
import Foundation

extension Caseload {
    /// The version string in replies and the status line.
    public static let version = "0.1.0"

    func info(_ row: PersonRow, engine: Supervision) -> PersonInfo {
        let zone = engine.person.timeZone
        let tags = (try? JSONDecoder().decode([String].self, from: Data(row.tags.utf8))) ?? []
        return PersonInfo(
            caseID: row.caseID, name: row.name, phone: row.phone, policy: engine.policy.name, officer: row.officer,
            timeZone: row.timeZone, supervisionStart: TimeText.format(engine.person.supervisionStart, zone),
            supervisionEnd: engine.person.supervisionEnd.map { TimeText.format($0, zone) }, tags: tags,
            status: Self.status(engine), language: row.language)
    }

    public func person(_ caseID: String) throws(RequestError) -> Methods.GetPersonReply {
        guard let entry = try peek(caseID) else { throw .personNotFound(caseID) }
        let engine = entry.engine
        let zone = engine.person.timeZone
        let windows = (engine.live + engine.upcoming).map { window($0, engine) }
        let incidents = engine.incidents.map {
            let state: String
            if case .acknowledged = $0.state { state = "acknowledged" } else { state = "open" }
            return IncidentInfo(
                id: $0.id, occurrence: $0.occurrence, obligation: $0.obligation.id,
                opened: TimeText.format($0.opened, zone), state: state)
        }
        let proposals = engine.proposals.map {
            ProposalInfo(
                id: $0.id, level: $0.level.rawValue, reason: $0.reason.description,
                proposed: TimeText.format($0.proposed, zone))
        }
        return .init(
            person: info(entry.row, engine: engine), windows: windows, incidents: incidents, proposals: proposals)
    }

    /// The officer of a person, nil if unknown.
    public func officer(of caseID: String) -> String? { officerOf(caseID) }

    public func status() -> StatusInfo {
        publishStatus()
        return StatusInfo(
            version: Self.version, started: TimeText.format(started, officeZone), persons: personCount,
            openWindows: counters.openWindows, openIncidents: counters.openIncidents,
            pendingProposals: counters.pendingProposals,
            nextDeadline: nextDeadline().map { TimeText.format($0, officeZone) },
            policies: library.current.policies.keys.sorted())
    }

    /// Publishes the counts and the earliest deadline to ``board``; called wherever they may have changed.
    func publishStatus() {
        board.publish(
            persons: personCount, openWindows: counters.openWindows, openIncidents: counters.openIncidents,
            pendingProposals: counters.pendingProposals, nextDeadline: nextDeadline(), started: started,
            policyEpochs: library.epochs.count, zone: officeZone
        ) { library.current.policies.keys.sorted() }
    }

    /// One line for systemd's STATUS=.
    public func statusLine() -> String {
        publishStatus()
        let next = nextDeadline().map { "next \(TimeText.format($0, officeZone))" } ?? "nothing due"
        return "\(personCount) persons, \(counters.openWindows) open windows, "
            + "\(counters.openIncidents) open incidents, \(counters.pendingProposals) proposals; \(next)"
    }

    /// Off the actor, like every long read: the scheduler must keep its pace.
    public nonisolated func events(_ request: Methods.GetEvents) throws(RequestError) -> [EventInfo] {
        let limit = request.limit ?? 100
        guard (1...10_000).contains(limit) else {
            throw .invalidValue(parameter: "limit", value: String(limit), expected: "1 to 10000")
        }
        let events: [StoredEvent]
        do {
            if let caseID = request.caseID, try store.person(caseID) == nil {
                throw RequestError.personNotFound(caseID)
            }
            events = try store.events(person: request.caseID, afterSeq: request.afterSeq ?? 0, limit: limit)
        } catch let error as RequestError {
            throw error
        } catch {
            throw .unavailable("cannot read the event log: \(error)")
        }
        return events.map(eventInfo)
    }

    /// An event on the wire, times in the office's zone.
    public nonisolated func eventInfo(_ event: StoredEvent) -> EventInfo {
        EventInfo(
            seq: event.seq, at: TimeText.format(Instant(microseconds: event.at), officeZone),
            recorded: TimeText.format(Instant(microseconds: event.recorded), officeZone), type: event.type,
            person: event.fields["person"], fields: event.fields, hash: event.hash)
    }

    /// Audits a call refused for lack of a role.
    public func auditDenied(method: String, caller: Caller, required: Role) async {
        let now = now()
        let event = EventDraft(
            type: "permission-denied", at: now.microseconds,
            fields: [
                "method": method, "caller_uid": String(caller.uid), "caller": caller.name,
                "required": required.description,
                "message": "\(caller.name) (uid \(caller.uid)) called \(method) without the \(required) role",
            ])
        _ = try? await commit(WriteBatch(events: [event]), engineChanged: false)
    }
}
