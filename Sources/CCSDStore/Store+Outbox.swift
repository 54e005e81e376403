import Foundation
import GRDB

/// A notification waiting in (or done with) the outbox.
public struct OutboxRow: Sendable, Hashable {
    public let id: Int64
    public let eventSeq: Int64
    public let actionID: String
    public let caseID: String?
    public let event: String
    public let channel: String
    public let recipient: String
    public let template: String
    public let values: [String: String]
    public let state: String
    public let attempts: Int
    public let nextAttempt: Int64
    public let lastError: String?
    public let detail: String?
    public let created: Int64
    public let delivered: Int64?

    /// A row as the store would read it (for tests and tools).
    public init(
        id: Int64, eventSeq: Int64 = 0, actionID: String = "", caseID: String?, event: String, channel: String,
        recipient: String, template: String = "", values: [String: String] = [:], state: String = "pending",
        attempts: Int = 0, nextAttempt: Int64, lastError: String? = nil, detail: String? = nil, created: Int64 = 0,
        delivered: Int64? = nil
    ) {
        self.id = id
        self.eventSeq = eventSeq
        self.actionID = actionID
        self.caseID = caseID
        self.event = event
        self.channel = channel
        self.recipient = recipient
        self.template = template
        self.values = values
        self.state = state
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastError = lastError
        self.detail = detail
        self.created = created
        self.delivered = delivered
    }

    init(_ row: Row) {
        id = row["id"]
        eventSeq = row["event_seq"]
        actionID = row["action_id"]
        caseID = row["case_id"]
        event = row["event"]
        channel = row["channel"]
        recipient = row["recipient"]
        template = row["template"]
        let text: String = row["values"]
        values = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
        state = row["state"]
        attempts = row["attempts"]
        nextAttempt = row["next_attempt"]
        lastError = row["last_error"]
        detail = row["detail"]
        created = row["created"]
        delivered = row["delivered"]
    }
}

extension Store {
    /// Pending notifications by channel, each channel's earliest first: at most `limits[channel]` (else `otherwise`)
    /// of each, read in one transaction, so that one channel's backlog never hides another channel's rows.
    public func pendingOutboxByChannel(limits: [String: Int], otherwise: Int) throws -> [String: [OutboxRow]] {
        try pool.read { db in
            var rows: [String: [OutboxRow]] = [:]
            for channel in try String.fetchAll(db, sql: Self.pendingChannelsSQL) {
                rows[channel] = try Row.fetchAll(
                    db, sql: Self.pendingRowsSQL, arguments: [channel, limits[channel] ?? otherwise]
                ).map(OutboxRow.init)
            }
            return rows
        }
    }

    /// The channels with pending rows, one index search per channel (a loose index scan): `DISTINCT` would
    /// read every pending row, and the dispatcher asks after every delivery.
    static let pendingChannelsSQL = """
        WITH RECURSIVE c(channel) AS (
          SELECT min(channel) FROM outbox WHERE state = 'pending'
          UNION ALL
          SELECT (SELECT min(channel) FROM outbox WHERE state = 'pending' AND channel > c.channel) FROM c
          WHERE c.channel IS NOT NULL)
        SELECT channel FROM c WHERE channel IS NOT NULL
        """

    static let pendingRowsSQL = """
        SELECT * FROM outbox WHERE state = 'pending' AND channel = ? ORDER BY next_attempt, id LIMIT ?
        """

    static let deliveredRemindersSQL = """
        SELECT count(*) FROM outbox WHERE case_id = ? AND event = 'reminder' AND recipient = 'person'
          AND state = 'delivered' AND delivered >= ?
        """

    /// Delivery records, newest first; only failed ones if asked.
    public func outbox(failedOnly: Bool, limit: Int) throws -> [OutboxRow] {
        try pool.read { db in
            let filter = failedOnly ? "WHERE state = 'failed'" : ""
            return try Row.fetchAll(
                db, sql: "SELECT * FROM outbox \(filter) ORDER BY id DESC LIMIT ?", arguments: [limit]
            )
            .map(OutboxRow.init)
        }
    }

    /// Records one delivery attempt: delivered, to be retried at `retryAt`, or failed for good.
    ///
    /// The outbox writes are async: they wait for the write lock (a burst's transaction holds it for a while)
    /// without holding one of the event loops that run ccsd's tasks.
    public func recordAttempt(
        id: Int64, state: String, retryAt: Int64?, error: String?, detail: String?, at: Int64
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = ?, attempts = attempts + 1, next_attempt = COALESCE(?, next_attempt),
                      last_error = ?, detail = ?, delivered = CASE WHEN ? = 'delivered' THEN ? ELSE delivered END
                    WHERE id = ?
                    """,
                arguments: [state, retryAt, error, detail, state, at, id])
        }
    }
}

extension Store {
    /// Moves a pending notification to a later time without counting an attempt (quiet hours).
    public func deferOutbox(id: Int64, until: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox SET next_attempt = ? WHERE id = ?", arguments: [until, id])
        }
    }

    /// Marks a notification as not sent on purpose (a daily cap), with the reason.
    public func skipOutbox(id: Int64, reason: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'skipped', last_error = ? WHERE id = ?", arguments: [reason, id])
        }
    }

    /// Reminders delivered to a person since a moment (for the daily cap).
    public func deliveredReminders(to caseID: String, since: Int64) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: Self.deliveredRemindersSQL, arguments: [caseID, since]) ?? 0
        }
    }
}
