import Foundation

/// The JSON document a `WebhookChannel` posts, one per delivery attempt:
///
/// ```json
/// {"id": 42, "event": "reminder", "case_id": "JX-2026-0042", "recipient": "person", "address": "+8613800000000",
///  "message": "您好，……", "fields": {"obligation": "weekly-in-person", "language": "zh-CN"},
///  "sent_at": "2026-02-15T08:30:00Z"}
/// ```
///
/// - `id`: the outbox row id (integer); the same on every retry of one notification, so receivers drop duplicates.
/// - `case_id`: a string, or `null` when the notification concerns no case (e.g. `event` "test").
/// - `address`: present only when `recipient` is "person" (the phone number); officers are addressed by `fields`.
/// - `fields`: an object of strings (occurrence, obligation, incident, template, language, …), possibly empty.
/// - `sent_at`: when this attempt was made, RFC 3339 in UTC.
struct WebhookDocument: Encodable {
    let notification: Notification
    let sentAt: Date

    private enum Keys: String, CodingKey {
        case id, event, caseID = "case_id", recipient, address, message, fields, sentAt = "sent_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(notification.id, forKey: .id)
        try container.encode(notification.event, forKey: .event)
        try container.encode(notification.caseID, forKey: .caseID)
        try container.encode(notification.recipient, forKey: .recipient)
        if notification.isForPerson { try container.encodeIfPresent(notification.address, forKey: .address) }
        try container.encode(notification.message, forKey: .message)
        try container.encode(notification.fields, forKey: .fields)
        try container.encode(sentAt.formatted(.iso8601), forKey: .sentAt)
    }

    /// The document as UTF-8 JSON, keys sorted.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
