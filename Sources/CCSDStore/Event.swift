import Crypto

/// An event to append: what happened, when it was due, and its fields (case ids only, never names).
public struct EventDraft: Sendable, Hashable {
    /// `check-in`, `window-opened`, `missed`, … (the journal's CCSD_EVENT).
    public var type: String
    /// When it happened or was due (an action caught up after downtime keeps its deadline).
    public var at: Int64
    /// `person`, `obligation`, `occurrence`, `incident`, `officer`, `caller_uid`, `message`, … .
    public var fields: [String: String]
    /// The engine action's identity, written to `fired` in the same transaction; nil for daemon events.
    public var actionID: String?
    /// Whether `actionID` goes into `fired` (and an id already there skips the event). False for an action an
    /// input caused: it is written once, in the transaction that writes the input, and replaying the input
    /// reproduces it, so a rebuild leaves it out instead of looking it up. The id still names its outbox rows.
    public var recordsFired: Bool
    /// Notifications this event causes, queued in the outbox in the same transaction.
    public var deliveries: [DeliveryDraft]

    public init(
        type: String, at: Int64, fields: [String: String], actionID: String? = nil, recordsFired: Bool = true,
        deliveries: [DeliveryDraft] = []
    ) {
        self.type = type
        self.at = at
        self.fields = fields
        self.actionID = actionID
        self.recordsFired = recordsFired
        self.deliveries = deliveries
    }
}

/// One notification an event causes: a channel, a recipient, a template and the values to fill it with.
public struct DeliveryDraft: Sendable, Hashable {
    public var channel: String
    /// `person`, `officer` or `supervisor`.
    public var recipient: String
    public var template: String
    public var values: [String: String]

    public init(channel: String, recipient: String, template: String, values: [String: String]) {
        self.channel = channel
        self.recipient = recipient
        self.template = template
        self.values = values
    }
}

/// An event as appended: with its sequence number and its link in the hash chain.
public struct StoredEvent: Sendable, Hashable, Codable {
    public let seq: Int64
    public let at: Int64
    public let recorded: Int64
    public let type: String
    public let fields: [String: String]
    public let prevHash: String
    public let hash: String

    /// The genesis link: 64 zeros.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over the previous hash and the canonical encoding of the event, as lower-case hex.
    ///
    /// The text hashed is `prev`, a newline, then the canonical JSON of the fields with `@seq`, `@at`,
    /// `@recorded` and `@type` added. The committer computes the same bytes with ``EncodedDraft``.
    public static func hash(
        prev: String, seq: Int64, at: Int64, recorded: Int64, type: String, fields: [String: String]
    )
        -> String
    {
        EncodedDraft(EventDraft(type: type, at: at, fields: fields)).hash(prev: prev, seq: seq, recorded: recorded)
    }

    /// JSON with keys sorted by their UTF-8 bytes, no spaces, minimal escapes: the same bytes on every machine.
    public static func canonicalJSON(_ object: [String: String]) -> String {
        CanonicalJSON.string(object)
    }
}

extension StoredEvent {
    /// SHA-256 of a text, lower-case hex (used to tell policy directories apart).
    public static func digest(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).withUnsafeBytes { CanonicalJSON.hex($0) }
    }
}
