import CCSDTime

extension Supervision {
    /// What is due next; ties are broken by this order.
    enum Due: Comparable {
        case schedule(obligation: String)
        case open(occurrence: Int)
        case reminder(occurrence: Int)
        case deadline(occurrence: Int)
        case escalate(incident: Int)
        case outOfContact(SanctionLevel)
        case end
    }

    func nextDue() -> (at: Instant, due: Due)? {
        var best: (at: Instant, due: Due)?
        func consider(_ at: Instant, _ due: Due) {
            if let b = best, (b.at, b.due) <= (at, due) { return }
            best = (at, due)
        }
        for (id, cursor) in cursors {
            if let next = cursor.next { consider(next.announce, .schedule(obligation: id)) }
        }
        for (i, occurrence) in live.enumerated() {
            if occurrence.remindersDone < occurrence.reminders.count {
                consider(occurrence.reminders[occurrence.remindersDone].at, .reminder(occurrence: i))
            }
            consider(
                occurrence.opened ? occurrence.deadline : occurrence.opens,
                occurrence.opened ? .deadline(occurrence: i) : .open(occurrence: i))
        }
        // After supervision ends incidents stay open for officers, but nobody is paged about them any more.
        for (i, incident) in incidents.enumerated() where !ended {
            if let firing = incident.nextFiring { consider(firing.at, .escalate(incident: i)) }
        }
        if !ended, suspended == nil, let since = outOfContactSince {
            let thresholds = policy.sanctions
            if let span = thresholds.warningAfterOutOfContact, !episodeProposals.contains(.warning) {
                consider(since + span + .seconds(1), .outOfContact(.warning))
            }
            if let span = thresholds.revocationAfterOutOfContact, !episodeProposals.contains(.revocationReview) {
                consider(since + span + .seconds(1), .outOfContact(.revocationReview))
            }
        }
        if !ended, let end = person.supervisionEnd { consider(end, .end) }
        return best
    }

    mutating func perform(_ due: Due, at: Instant, into actions: inout [Action]) {
        switch due {
        case .schedule(let id):
            schedule(id, into: &actions)
        // The window is read into a constant before anything of `self` is called with it: passing `live[i]`
        // itself made Swift copy the whole engine for the call.
        case .reminder(let i):
            let (_, reminder) = live[i].reminders[live[i].remindersDone]
            live[i].remindersDone += 1
            if suspended != nil { return }
            let occurrence = live[i]
            actions.append(action("\(occurrence.id)/reminder/\(reminder.id)", at, .reminder(occurrence, reminder)))
        case .open(let i):
            live[i].opened = true
            let occurrence = live[i]
            actions.append(action("\(occurrence.id)/open", at, .windowOpened(occurrence)))
            if let reason = leaveExcuse(occurrence) { decide(i, .excused(reason), at: at, into: &actions) }
        case .deadline(let i):
            let occurrence = live[i]
            if let reason = leaveExcuse(occurrence) {
                decide(i, .excused(reason), at: at, into: &actions)
            } else {
                miss(i, at: at, into: &actions)
            }
        case .escalate(let i):
            let firing = incidents[i].firings[incidents[i].firingsDone]
            incidents[i].firingsDone += 1
            let step = incidents[i].escalation[firing.step]
            actions.append(
                Action(
                    id: "\(incidents[i].id)/step/\(firing.step + 1).\(firing.repetition)", at: at,
                    kind: .escalation(incidents[i], step: firing.step, repetition: firing.repetition, step)))
        case .outOfContact(let level):
            episodeProposals.insert(level)
            guard let since = outOfContactSince else { return }
            let span =
                (level == .warning
                    ? policy.sanctions.warningAfterOutOfContact : policy.sanctions.revocationAfterOutOfContact) ?? .zero
            propose(
                level, id: "\(person.caseID)/out-of-contact@\(since.stamp)/\(level.rawValue)",
                reason: .outOfContact(since: since, longerThan: span), at: at, into: &actions)
        case .end:
            endSupervision(reason: "supervision period over", at: at, into: &actions)
        }
    }

    func action(_ suffix: String, _ at: Instant, _ kind: Action.Kind) -> Action {
        Action(id: "\(person.caseID)/\(suffix)", at: at, kind: kind)
    }

    /// Why leave or a suspension excuses this window, if it does.
    func leaveExcuse(_ occurrence: Occurrence) -> String? {
        if let suspended { return "supervision suspended: \(suspended.reason)" }
        guard occurrence.obligation.onLeave == .excuse,
            let leave = leaves.first(where: { $0.overlaps(occurrence.opens, occurrence.closes) })
        else { return nil }
        return "on leave \(leave.id)"
    }

    /// Settles a live window with a non-miss outcome and forgets it.
    mutating func decide(_ i: Int, _ outcome: Outcome, at: Instant, into actions: inout [Action]) {
        live[i].outcome = outcome
        let occurrence = live.remove(at: i)
        // The time is part of the id: after a correction, a new outcome of the same window is a new action.
        actions.append(action("\(occurrence.id)/outcome@\(at.stamp)", at, .outcome(occurrence, outcome)))
    }

    mutating func miss(_ i: Int, at: Instant, into actions: inout [Action]) {
        live[i].outcome = .missed
        let occurrence = live.remove(at: i)
        let incident = Incident(caseID: person.caseID, occurrence: occurrence, escalation: policy.escalation)
        incidents.append(incident)
        actions.append(action("\(occurrence.id)/missed", at, .missed(occurrence, incident)))
        if outOfContactSince == nil {
            outOfContactSince = at
            episodeProposals = []
        }
        if policy.sanctions.admonitionOnMiss, !episodeProposals.contains(.admonition) {
            episodeProposals.insert(.admonition)
            propose(
                .admonition, id: "\(person.caseID)/out-of-contact@\(outOfContactSince!.stamp)/admonition",
                reason: .missedReport(occurrence: occurrence.id), at: at, into: &actions)
        }
    }

    mutating func propose(
        _ level: SanctionLevel, id: String, reason: SanctionProposal.Reason, at: Instant, into actions: inout [Action]
    ) {
        let proposal = SanctionProposal(id: id, level: level, reason: reason, proposed: at)
        proposals.append(proposal)
        actions.append(Action(id: id, at: at, kind: .proposal(proposal)))
    }

    mutating func endSupervision(reason: String, at: Instant, into actions: inout [Action]) {
        ended = true
        person.supervisionEnd = at
        while !live.isEmpty { decide(0, .excused("supervision ended"), at: at, into: &actions) }
        cursors = [:]
        outOfContactSince = nil
        actions.append(action("ended", at, .supervisionEnded(reason: reason)))
    }
}
