/// One message to deliver, already rendered.
///
/// Never log `message` or `address`: names and phone numbers may be in them. Log `id`, `event`, `caseID`.
public struct Notification: Sendable, Hashable, Codable {
    /// The outbox row id; stable across retries, so a receiver can drop duplicates by it.
    public var id: Int64
    /// "reminder", "escalation", "resolved", "delivery-failed", "test".
    public var event: String
    public var caseID: String?
    /// "person", "officer", "supervisor".
    public var recipient: String
    /// For a person: a phone number; for an officer or a supervisor: a user name.
    public var address: String?
    /// The rendered text.
    public var message: String
    /// Occurrence, obligation, incident, template, language, …
    public var fields: [String: String]

    public init(
        id: Int64, event: String, caseID: String? = nil, recipient: String, address: String? = nil,
        message: String, fields: [String: String] = [:]
    ) {
        self.id = id
        self.event = event
        self.caseID = caseID
        self.recipient = recipient
        self.address = address
        self.message = message
        self.fields = fields
    }

    /// Whether the message goes to the supervised person (whose address is a phone number).
    public var isForPerson: Bool { recipient == "person" }
}
