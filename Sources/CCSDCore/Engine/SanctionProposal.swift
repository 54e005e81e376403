import CCSDTime

/// A sanction ccsd proposes; only an officer's decision makes it real.
public struct SanctionProposal: Sendable, Hashable, Identifiable {
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// A window was missed: a late report / out of contact ≤ 10 days.
        case missedReport(occurrence: String)
        /// Out of contact for longer than the policy's threshold (the span is the threshold).
        case outOfContact(since: Instant, longerThan: TimeSpan)
        /// This many admonitions (or warnings) were decided without correction.
        case repeated(SanctionLevel, count: Int)

        public var description: String {
            switch self {
            case .missedReport(let occurrence): "missed report \(occurrence)"
            case .outOfContact(let since, let span): "out of contact since \(since.stamp), more than \(span)"
            case .repeated(let level, let count): "\(count) \(level.rawValue)s decided"
            }
        }
    }

    public enum Decision: Sendable, Hashable {
        case accepted
        case rejected
    }

    /// `CASE/level/…`: stable, so a restart never proposes the same thing twice.
    public let id: String
    public let level: SanctionLevel
    public let reason: Reason
    public let proposed: Instant
    public var decision: Decision?
}
