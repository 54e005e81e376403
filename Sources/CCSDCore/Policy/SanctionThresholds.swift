import CCSDTime

/// The statutory ladder (Community Correction Law Art. 28): admonition → warning → revocation review.
public enum SanctionLevel: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// 训诫
    case admonition
    /// 警告
    case warning
    /// 提请撤销 (缓刑/假释) or 收监执行: a proposal to revoke community correction.
    case revocationReview = "revocation-review"

    public static func < (lhs: SanctionLevel, rhs: SanctionLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// When ccsd proposes a sanction; an officer always decides (PIPL Art. 24).
///
/// Defaults are the Implementation Measures (2020): out of contact ≤ 10 days → admonition, > 10 days → warning,
/// > 1 month → revocation review; 2 admonitions → warning; 2 warnings → revocation review.
public struct SanctionThresholds: Sendable, Hashable {
    /// Propose an admonition when a window is missed (late report / out of contact ≤ 10 days).
    public var admonitionOnMiss: Bool
    /// Propose a warning once out of contact for longer than this.
    public var warningAfterOutOfContact: TimeSpan?
    /// Propose revocation review once out of contact for longer than this.
    public var revocationAfterOutOfContact: TimeSpan?
    /// Propose a warning when this many admonitions have been decided (accepted).
    public var warningAfterAdmonitions: Int?
    /// Propose revocation review when this many warnings have been decided (accepted).
    public var revocationAfterWarnings: Int?

    public init(
        admonitionOnMiss: Bool = true, warningAfterOutOfContact: TimeSpan? = .days(10),
        revocationAfterOutOfContact: TimeSpan? = .days(30), warningAfterAdmonitions: Int? = 2,
        revocationAfterWarnings: Int? = 2
    ) {
        self.admonitionOnMiss = admonitionOnMiss
        self.warningAfterOutOfContact = warningAfterOutOfContact
        self.revocationAfterOutOfContact = revocationAfterOutOfContact
        self.warningAfterAdmonitions = warningAfterAdmonitions
        self.revocationAfterWarnings = revocationAfterWarnings
    }

    /// The national rules, as listed above.
    public static let statutory = SanctionThresholds()
}
