import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime

extension Caseload {
    /// Missed and unresolved windows, oldest first.
    public func overdue(officer: String?) throws(RequestError) -> [OpenIncidentInfo] {
        try selected(officer: officer) { $0.counters.openIncidents > 0 }.flatMap { caseID, entry in
            entry.engine.incidents.map { incident in
                let state: String
                if case .acknowledged = incident.state { state = "acknowledged" } else { state = "open" }
                return (
                    incident.opened,
                    OpenIncidentInfo(
                        id: incident.id, caseID: caseID, officer: entry.row.officer, obligation: incident.obligation.id,
                        opened: TimeText.format(incident.opened, entry.engine.person.timeZone), state: state)
                )
            }
        }.sorted { ($0.0, $0.1.id) < ($1.0, $1.1.id) }.map(\.1)
    }

    /// Windows open now or opening within `within`, earliest first.
    public func upcoming(within text: String?, officer: String?) throws(RequestError) -> [PersonWindowInfo] {
        guard let span = TimeSpan.parse(text ?? "24h"), span > .zero, span <= .days(366) else {
            throw .invalidValue(
                parameter: "within", value: text ?? "", expected: "a span such as 24h or 3d, at most 366d")
        }
        let horizon = now() + span
        // A window opening by the horizon is a deadline by then; an open one counts as open.
        let wanted = { (sleeping: Dormant) in
            sleeping.counters.openWindows > 0 || sleeping.nextDeadline.map { $0 <= horizon } ?? false
        }
        return try selected(officer: officer, wanted: wanted).flatMap { caseID, entry in
            entry.engine.windows(through: horizon).map { occurrence in
                (
                    occurrence.opens,
                    PersonWindowInfo(
                        caseID: caseID, officer: entry.row.officer, window: window(occurrence, entry.engine))
                )
            }
        }.sorted { ($0.0, $0.1.caseID, $0.1.window.occurrence) < ($1.0, $1.1.caseID, $1.1.window.occurrence) }
            .map(\.1)
    }

    func window(_ occurrence: Occurrence, _ engine: Supervision) -> WindowInfo {
        let zone = engine.person.timeZone
        // A dry run's windows say "opened" for the future; what matters is whether it is open now.
        let open = occurrence.opens <= now()
        return WindowInfo(
            occurrence: occurrence.id, obligation: occurrence.obligation.id, kind: occurrence.obligation.kind,
            opens: TimeText.format(occurrence.opens, zone), closes: TimeText.format(occurrence.closes, zone),
            deadline: TimeText.format(occurrence.deadline, zone), state: open ? "open" : "upcoming")
    }

    /// Pending proposals, oldest first.
    public func pendingProposals(officer: String?) throws(RequestError) -> [PersonProposalInfo] {
        try selected(officer: officer) { $0.counters.pendingProposals > 0 }.flatMap { caseID, entry in
            entry.engine.proposals.map { proposal in
                (
                    proposal.proposed,
                    PersonProposalInfo(
                        caseID: caseID, officer: entry.row.officer,
                        proposal: ProposalInfo(
                            id: proposal.id, level: proposal.level.rawValue, reason: proposal.reason.description,
                            proposed: TimeText.format(proposal.proposed, entry.engine.person.timeZone)))
                )
            }
        }.sorted { ($0.0, $0.1.proposal.id) < ($1.0, $1.1.proposal.id) }.map(\.1)
    }

    /// A person's situation in plain words: next windows and their reminders, escalations, the ladder.
    public func explain(_ caseID: String) throws(RequestError) -> [String] {
        guard let entry = try peek(caseID) else { throw .personNotFound(caseID) }
        let engine = entry.engine
        let zone = engine.person.timeZone
        func at(_ instant: Instant) -> String { TimeText.format(instant, zone) }
        var lines = [
            "\(caseID) follows policy \(engine.policy.name) (\(engine.policy.title)) in \(zone.identifier)"
                + (engine.ended ? "; supervision has ended." : ".")
        ]
        for occurrence in (engine.live + engine.upcoming).sorted(by: { $0.opens < $1.opens }) {
            let o = occurrence.obligation
            let state = occurrence.opened ? "is open now" : "opens \(at(occurrence.opens))"
            var line = "The \(o.kind) report \(o.id) \(state) and must be made before \(at(occurrence.closes))"
            if o.grace > .zero { line += " (late until \(at(occurrence.deadline)))" }
            line += "; accepted: \(o.accepts.sorted().joined(separator: ", "))."
            lines.append(line)
            for (time, reminder) in occurrence.reminders.dropFirst(occurrence.remindersDone) {
                lines.append(
                    "  Reminder \(reminder.template) to \(reminder.recipients.map(\.rawValue).joined(separator: ", ")) at \(at(time))."
                )
            }
            lines.append("  Without a check-in by \(at(occurrence.deadline)) it is missed and an incident opens.")
        }
        for incident in engine.incidents {
            var line = "Incident \(incident.id): \(incident.obligation.id) missed at \(at(incident.opened))"
            if case .acknowledged(let by, let when) = incident.state {
                line += ", acknowledged by \(by) at \(at(when)); no more escalation."
            } else if let next = incident.nextFiring {
                let step = incident.escalation[next.step]
                line +=
                    "; next escalation \(step.template) to \(step.recipients.map(\.rawValue).joined(separator: ", ")) at \(at(next.at))."
            } else {
                line += "; every escalation step has fired."
            }
            lines.append(line)
        }
        let admonitions = engine.accepted[.admonition, default: 0]
        let warnings = engine.accepted[.warning, default: 0]
        lines.append(
            "Ladder: \(admonitions) admonition(s) and \(warnings) warning(s) accepted; \(engine.proposals.count) proposal(s) awaiting a decision."
        )
        if let since = engine.outOfContactSince {
            let sanctions = engine.policy.sanctions
            var line = "Out of contact since \(at(since))"
            if let span = sanctions.warningAfterOutOfContact { line += "; a warning is proposed after \(span)" }
            if let span = sanctions.revocationAfterOutOfContact { line += ", revocation review after \(span)" }
            lines.append(line + " (a check-in ends this).")
        }
        return lines
    }

    /// Off the actor: walking a long chain must not hold up the scheduler (and its watchdog pings).
    public nonisolated func verifyAudit() throws(RequestError) -> Methods.VerifyAuditReply {
        do {
            let result = try store.verifyChain()
            return .init(
                events: result.events, intact: result.isIntact, firstBreak: result.firstBreak?.seq,
                reason: result.firstBreak?.reason)
        } catch {
            throw .unavailable("cannot read the event log: \(error)")
        }
    }
}
