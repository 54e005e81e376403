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

    /// The fields, in a ``Shared`` box: every window carries its reminders.
    private struct Fields: Sendable, Hashable {
        var id: String
        var obligations: [String]
        var lead: TimeSpan
        var anchor: Anchor
        var recipients: [Recipient]
        var channels: [String]
        var template: String
    }

    private var fields: Shared<Fields>

    /// Stable within its policy: `"r1"`, or the `id` key.
    public var id: String {
        get { fields.value.id }
        set { fields.value.id = newValue }
    }
    /// Obligation ids it applies to; empty = all of the policy's obligations.
    public var obligations: [String] {
        get { fields.value.obligations }
        set { fields.value.obligations = newValue }
    }
    /// How long before the anchor (`24h`, `0s` = at the anchor).
    public var lead: TimeSpan {
        get { fields.value.lead }
        set { fields.value.lead = newValue }
    }
    public var anchor: Anchor {
        get { fields.value.anchor }
        set { fields.value.anchor = newValue }
    }
    public var recipients: [Recipient] {
        get { fields.value.recipients }
        set { fields.value.recipients = newValue }
    }
    /// Channel names from ccsd.conf (`sms`, `webhook`); the journal always gets an entry.
    public var channels: [String] {
        get { fields.value.channels }
        set { fields.value.channels = newValue }
    }
    /// Message template id.
    public var template: String {
        get { fields.value.template }
        set { fields.value.template = newValue }
    }

    public init(
        id: String, obligations: [String] = [], lead: TimeSpan, anchor: Anchor = .open,
        recipients: [Recipient] = [.person], channels: [String] = [], template: String
    ) {
        fields = Shared(
            Fields(
                id: id, obligations: obligations, lead: lead, anchor: anchor, recipients: recipients,
                channels: channels, template: template))
    }
}
