import CCSDTime

extension Supervision {
    func validate(_ input: Input) throws(EngineError) {
        switch input {
        case .checkIn(let checkIn):
            guard Obligation.kinds.contains(checkIn.method) else { throw .unknownMethod(checkIn.method) }
        case .acknowledge(let id, _), .resolve(let id, _, _):
            guard incidents.contains(where: { $0.id == id }) else { throw .unknownIncident(id) }
        case .decide(let id, _, _):
            guard proposals.contains(where: { $0.id == id }) else { throw .unknownProposal(id) }
        case .cancelLeave(let id):
            guard leaves.contains(where: { $0.id == id }) else { throw .unknownLeave(id) }
        case .endSupervision:
            guard !ended else { throw .supervisionEnded(person.caseID) }
        case .suspend:
            guard !ended else { throw .supervisionEnded(person.caseID) }
            guard suspended == nil else { throw .alreadySuspended(person.caseID) }
        case .resume:
            guard suspended != nil else { throw .notSuspended(person.caseID) }
        case .addLeave, .excuse, .assignPolicy:
            break
        }
    }

    mutating func handle(_ input: Input, at: Instant, into actions: inout [Action]) {
        switch input {
        case .checkIn(let checkIn):
            record(checkIn, into: &actions)
        case .addLeave(let leave):
            leaves.removeAll { $0.id == leave.id }
            leaves.append(leave)
            rescheduleLeaveOnly(from: at)
        case .cancelLeave(let id):
            leaves.removeAll { $0.id == id }
            // Windows due only on leave that no longer fall on one are withdrawn before they open.
            live.removeAll { occurrence in
                occurrence.obligation.onLeave == .only && !occurrence.opened
                    && !leaves.contains { $0.overlaps(occurrence.opens, occurrence.closes) }
            }
            rescheduleLeaveOnly(from: at)
        case .excuse(let occurrence, let reason):
            excuse(occurrence, reason: reason, at: at, into: &actions)
        case .acknowledge(let id, let by):
            guard let i = incidents.firstIndex(where: { $0.id == id }) else { return }
            if case .open = incidents[i].state {
                incidents[i].state = .acknowledged(by: by, at: at)
                actions.append(Action(id: "\(id)/ack@\(at.stamp)", at: at, kind: .acknowledged(incidents[i], by: by)))
            }
        case .resolve(let id, let by, let note):
            resolveIncident({ $0.id == id }, with: .officer(by, note: note), at: at, into: &actions)
        case .decide(let id, let decision, _):
            decide(proposal: id, decision, at: at, into: &actions)
        case .assignPolicy(let newPolicy):
            let old = policy.name
            live.removeAll { !$0.opened }
            policy = newPolicy
            policySince = at
            resetCursors(from: at)
            // A new version of the same policy (a reload) is audited once by the daemon, not per person.
            if old != newPolicy.name {
                actions.append(
                    action("policy@\(at.stamp)/\(newPolicy.name)", at, .policyChanged(from: old, to: newPolicy.name)))
            }
        case .endSupervision(let reason):
            endSupervision(reason: reason, at: at, into: &actions)
        case .suspend(let reason):
            suspended = (at, reason)
            actions.append(action("suspended@\(at.stamp)", at, .suspended(reason: reason)))
        case .resume:
            suspended = nil
            // The time suspended does not count as out of contact.
            outOfContactSince = nil
            episodeProposals = []
            actions.append(action("resumed@\(at.stamp)", at, .resumed))
        }
    }

    /// A check-in satisfies the open window of an accepted method closing first; otherwise it resolves the
    /// latest open incident it could have satisfied (a late report); otherwise it is recorded as unmatched.
    mutating func record(_ checkIn: CheckIn, into actions: inout [Action]) {
        let at = checkIn.at
        outOfContactSince = nil
        episodeProposals = []
        let open = live.indices.filter {
            live[$0].opened && live[$0].opens <= at && live[$0].obligation.accepts.contains(checkIn.method)
                && at < live[$0].deadline
        }
        if let i = open.min(by: { live[$0].deadline < live[$1].deadline }) {
            live[i].checkIn = at
            decide(i, at < live[i].closes ? .onTime : .late, at: at, into: &actions)
            return
        }
        // A report made before a window opened cannot make up for missing it.
        let candidates = incidents.filter { $0.obligation.accepts.contains(checkIn.method) && $0.opens <= at }
        if let latest = candidates.max(by: { $0.opened < $1.opened }) {
            resolveIncident({ $0.id == latest.id }, with: .lateCheckIn(at), at: at, into: &actions)
            return
        }
        actions.append(action("check-in@\(at.stamp)/\(checkIn.method)/unmatched", at, .unmatchedCheckIn(checkIn)))
    }

    mutating func excuse(_ id: String, reason: String, at: Instant, into actions: inout [Action]) {
        if let i = live.firstIndex(where: { $0.id == id }) {
            // Remembered too: a policy change may schedule the same window again, and it must stay excused.
            if !live[i].opened { excusals[id] = reason }
            decide(i, .excused(reason), at: at, into: &actions)
        } else if incidents.contains(where: { $0.occurrence == id }) {
            resolveIncident({ $0.occurrence == id }, with: .excused(reason), at: at, into: &actions)
        } else {
            excusals[id] = reason
        }
    }

    mutating func resolveIncident(
        _ match: (Incident) -> Bool, with resolution: Action.Resolution, at: Instant, into actions: inout [Action]
    ) {
        guard let i = incidents.firstIndex(where: match) else { return }
        let incident = incidents.remove(at: i)
        actions.append(Action(id: "\(incident.id)/resolved@\(at.stamp)", at: at, kind: .resolved(incident, resolution)))
    }

    /// Windows due only on leave are scheduled when the leave is known; reschedule them after a new leave.
    mutating func rescheduleLeaveOnly(from at: Instant) {
        for (id, var cursor) in cursors where cursor.obligation.onLeave == .only {
            cursor.searchAfter = max(at, evaluated)
            // The precomputed next window is dropped with the rest: count only windows already scheduled.
            cursor.lastOpen = live.filter { $0.obligation.id == id }.map(\.opens).max()
            cursor.next = nextOccurrence(&cursor)
            cursors[id] = cursor
        }
    }
}
