import CCSDProtocol
import CCSDTime
import CCSDVarlink
import Synchronization

/// The caseload's status as last published, readable from any thread without waiting for the caseload actor.
///
/// The caseload publishes whenever a count or its earliest deadline may have changed; `GetStatus` is answered
/// from here on the connection's event loop. The reply's bytes are encoded once per change, not per call.
public final class StatusBoard: Sendable {
    /// What `GetStatus` reports, before times are formatted.
    struct Snapshot: Equatable, Sendable {
        var persons = 0
        var openWindows = 0
        var openIncidents = 0
        var pendingProposals = 0
        var nextDeadline: Instant?
        var started = Instant(microseconds: 0)
        /// Sorted; taken again only when the policy library gained an epoch.
        var policies: [String] = []
        var policyEpochs = 0
    }

    private struct State {
        var snapshot: Snapshot?
        var zone: ZoneRules?
        /// The `GetStatus` reply parameters for `snapshot`, once asked for.
        var encoded: [UInt8]?
    }

    private let state = Mutex(State())

    public init() {}

    /// Publishes the counts; `policies` runs only when `policyEpochs` differs from the last publication.
    func publish(
        persons: Int, openWindows: Int, openIncidents: Int, pendingProposals: Int, nextDeadline: Instant?,
        started: Instant, policyEpochs: Int, zone: ZoneRules, policies: () -> [String]
    ) {
        state.withLock { state in
            var next = state.snapshot ?? Snapshot()
            next.persons = persons
            next.openWindows = openWindows
            next.openIncidents = openIncidents
            next.pendingProposals = pendingProposals
            next.nextDeadline = nextDeadline
            next.started = started
            if state.snapshot == nil || next.policyEpochs != policyEpochs {
                next.policies = policies()
                next.policyEpochs = policyEpochs
            }
            if state.zone == nil { state.zone = zone }
            guard next != state.snapshot else { return }
            state.snapshot = next
            state.encoded = nil
        }
    }

    /// The status, or `nil` before the first publication.
    public func status() -> StatusInfo? {
        state.withLock { state in
            guard let snapshot = state.snapshot, let zone = state.zone else { return nil }
            return Self.info(snapshot, zone: zone)
        }
    }

    /// The earliest deadline of anyone, as last published; `nil` when nothing is due or before the first publication.
    public var nextDeadline: Instant? {
        state.withLock { $0.snapshot?.nextDeadline }
    }

    /// The line for systemd's `STATUS=`, as ``Caseload/statusLine()`` writes it; `nil` before the first publication.
    public func statusLine() -> String? {
        state.withLock { state in
            guard let snapshot = state.snapshot, let zone = state.zone else { return nil }
            return Self.line(snapshot, zone: zone)
        }
    }

    static func line(_ snapshot: Snapshot, zone: ZoneRules) -> String {
        let next = snapshot.nextDeadline.map { "next \(TimeText.format($0, zone))" } ?? "nothing due"
        return "\(snapshot.persons) persons, \(snapshot.openWindows) open windows, "
            + "\(snapshot.openIncidents) open incidents, \(snapshot.pendingProposals) proposals; \(next)"
    }

    /// The parameters of the `GetStatus` reply as JSON (`{"status":{…}}`), or `nil` before the first publication.
    public func encodedStatusReply() -> [UInt8]? {
        state.withLock { state in
            if let encoded = state.encoded { return encoded }
            guard let snapshot = state.snapshot, let zone = state.zone else { return nil }
            let encoded = try? Self.json(Self.info(snapshot, zone: zone)).jsonBytes()
            state.encoded = encoded
            return encoded
        }
    }

    static func info(_ snapshot: Snapshot, zone: ZoneRules) -> StatusInfo {
        StatusInfo(
            version: Caseload.version, started: TimeText.format(snapshot.started, zone), persons: snapshot.persons,
            openWindows: snapshot.openWindows, openIncidents: snapshot.openIncidents,
            pendingProposals: snapshot.pendingProposals,
            nextDeadline: snapshot.nextDeadline.map { TimeText.format($0, zone) }, policies: snapshot.policies)
    }

    /// `Methods.GetStatusReply` as a JSON value: the same members `JSONEncoder` writes (no `next_deadline` when
    /// nothing is due).
    static func json(_ status: StatusInfo) -> JSONValue {
        var members: [String: JSONValue] = [
            "version": .string(status.version), "started": .string(status.started),
            "persons": .int(Int64(status.persons)), "open_windows": .int(Int64(status.openWindows)),
            "open_incidents": .int(Int64(status.openIncidents)),
            "pending_proposals": .int(Int64(status.pendingProposals)),
            "policies": .array(status.policies.map { .string($0) }),
        ]
        if let next = status.nextDeadline { members["next_deadline"] = .string(next) }
        return ["status": .object(members)]
    }
}
