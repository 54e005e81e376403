import CCSDTime

extension Supervision {
    /// Records an officer's decision; accepted sanctions climb the statutory ladder
    /// (2 admonitions → warning, 2 warnings → revocation review, by default).
    mutating func decide(
        proposal id: String, _ decision: SanctionProposal.Decision, at: Instant, into actions: inout [Action]
    ) {
        guard let i = proposals.firstIndex(where: { $0.id == id }) else { return }
        var proposal = proposals.remove(at: i)
        proposal.decision = decision
        actions.append(Action(id: "\(id)/decision@\(at.stamp)", at: at, kind: .decision(proposal)))
        guard decision == .accepted else { return }
        let count = accepted[proposal.level, default: 0] + 1
        accepted[proposal.level] = count
        let next: (SanctionLevel, Int?)? =
            switch proposal.level {
            case .admonition: (.warning, policy.sanctions.warningAfterAdmonitions)
            case .warning: (.revocationReview, policy.sanctions.revocationAfterWarnings)
            case .revocationReview: nil
            }
        guard let (level, threshold) = next, let threshold, threshold > 0, count % threshold == 0 else { return }
        propose(
            level, id: "\(person.caseID)/ladder/\(level.rawValue)-after-\(count)-\(proposal.level.rawValue)s",
            reason: .repeated(proposal.level, count: count), at: at, into: &actions)
    }
}
