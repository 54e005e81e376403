import Foundation
import GRDB
import Testing

@testable import CCSDStore

@Suite("Outbox queries: what the dispatcher reads, and that it searches an index")
struct OutboxQueryTests {
    /// Adds an outbox row as the committer and the dispatcher would have left it.
    static func add(
        _ db: Database, id: Int64, channel: String, state: String = "pending", nextAttempt: Int64, caseID: String = "A",
        event: String = "reminder", recipient: String = "person", delivered: Int64? = nil
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO outbox (id, event_seq, action_id, case_id, event, channel, recipient, template, "values",
                  state, next_attempt, created, delivered)
                VALUES (?, 1, ?, ?, ?, ?, ?, 't', '{}', ?, ?, 0, ?)
                """,
            arguments: [id, "action-\(id)", caseID, event, channel, recipient, state, nextAttempt, delivered])
    }

    @Test("pending rows come by channel, earliest first, at most each channel's limit; delivered ones are counted")
    func pendingByChannelAndDeliveredReminders() throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.pool.write { db in
            try Self.add(db, id: 1, channel: "sms", nextAttempt: 30)
            try Self.add(db, id: 2, channel: "sms", nextAttempt: 10)
            try Self.add(db, id: 3, channel: "sms", nextAttempt: 10)
            try Self.add(db, id: 4, channel: "webhook", nextAttempt: 5)
            try Self.add(db, id: 5, channel: "sms", state: "delivered", nextAttempt: 1, delivered: 100)
            try Self.add(db, id: 6, channel: "mail", state: "failed", nextAttempt: 1)
            try Self.add(db, id: 7, channel: "sms", state: "delivered", nextAttempt: 1, delivered: 50)
            try Self.add(
                db, id: 8, channel: "sms", state: "delivered", nextAttempt: 1, recipient: "officer", delivered: 100)
            try Self.add(
                db, id: 9, channel: "sms", state: "delivered", nextAttempt: 1, event: "escalation", delivered: 100)
            try Self.add(db, id: 10, channel: "sms", state: "delivered", nextAttempt: 1, caseID: "B", delivered: 100)
        }
        let pending = try store.pendingOutboxByChannel(limits: ["sms": 2], otherwise: 5)
        #expect(pending.keys.sorted() == ["sms", "webhook"])
        #expect(pending["sms"]?.map(\.id) == [2, 3])
        #expect(pending["webhook"]?.map(\.id) == [4])
        #expect(try store.deliveredReminders(to: "A", since: 60) == 1)
        #expect(try store.deliveredReminders(to: "A", since: 0) == 2)
        #expect(try store.deliveredReminders(to: "C", since: 0) == 0)
        try store.pool.write { db in try db.execute(sql: "UPDATE outbox SET state = 'delivered' WHERE channel = 'sms'")
        }
        #expect(try store.pendingOutboxByChannel(limits: [:], otherwise: 5).keys.sorted() == ["webhook"])
    }

    /// The dispatcher reads pending rows after every delivery and counts a person's reminders for each one: at
    /// national scale the outbox holds millions of rows, so neither may scan the table or sort it.
    @Test("the dispatcher's queries search an index instead of scanning the outbox")
    func queriesSearchAnIndex() throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each search names its index and what it seeks by: a search by state alone would still read every
        // pending (or delivered) row.
        let queries: [(String, StatementArguments, [String])] = [
            (
                Store.pendingChannelsSQL, [],
                ["SEARCH outbox USING INDEX outbox_pending", "SEARCH outbox USING INDEX outbox_pending (channel>?)"]
            ),
            (Store.pendingRowsSQL, ["sms", 10], ["SEARCH outbox USING INDEX outbox_pending (channel=?)"]),
            (
                Store.deliveredRemindersSQL, ["A", 0],
                ["SEARCH outbox USING INDEX outbox_person_reminders (case_id=? AND delivered>?)"]
            ),
        ]
        for (sql, arguments, expected) in queries {
            let plan = try store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
                    $0["detail"] as String
                }
            }
            #expect(plan.filter { $0.contains("outbox") } == expected, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        }
    }
}
