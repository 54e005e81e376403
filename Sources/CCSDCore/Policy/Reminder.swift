import CCSDTime

/// Who a reminder, escalation or notice goes to.
public enum Recipient: String, Sendable, Hashable, CaseIterable, Codable {
    /// The supervised person.
    case person
    /// The person's officer.
    case officer
    /// The officer's supervisor.
    case supervisor
}

/// A message sent before a window opens or closes.
public struct Reminder: Sendable, Hashable {
    /// The moment a lead time is measured from.
    public enum Anchor: String, Sendable, Hashable, CaseIterable {
        case open
        case close
    }

    /// Stable within its policy: `"r1"`, or the `id` key.
    public var id: String
    /// Obligation ids it applies to; empty = all of the policy's obligations.
    public var obligations: [String]
    /// How long before the anchor (`24h`, `0s` = at the anchor).
    public var lead: TimeSpan
    public var anchor: Anchor
    public var recipients: [Recipient]
    /// Channel names from ccsd.conf (`sms`, `webhook`); the journal always gets an entry.
    public var channels: [String]
    /// Message template id.
    public var template: String

    public init(
        id: String, obligations: [String] = [], lead: TimeSpan, anchor: Anchor = .open,
        recipients: [Recipient] = [.person], channels: [String] = [], template: String
    ) {
        self.id = id
        self.obligations = obligations
        self.lead = lead
        self.anchor = anchor
        self.recipients = recipients
        self.channels = channels
        self.template = template
    }
}
