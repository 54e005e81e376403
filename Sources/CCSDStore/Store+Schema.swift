import GRDB

extension Store {
    /// Schema migrations, applied in order at start; never edit a shipped migration, add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Supervised persons. Name and phone live here only, never in the journal or the event log.
            try db.create(table: "person") { t in
                t.primaryKey("case_id", .text)
                t.column("name", .text).notNull()
                t.column("phone", .text)
                // The policy the person was added with; later changes are inputs, replayed in order.
                t.column("policy", .text).notNull()
                t.column("officer", .text)
                t.column("time_zone", .text).notNull()
                t.column("supervision_start", .integer).notNull()
                t.column("supervision_end", .integer)
                t.column("tags", .text).notNull().defaults(to: "[]")
                t.column("added_at", .integer).notNull()
                t.column("added_by", .integer).notNull()
            }
            try db.create(table: "officer") { t in
                t.primaryKey("user", .text)
                t.column("supervisor", .text)
            }
            // Everything that happened to a person from outside, in the order the engine applied it.
            try db.create(table: "input") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("case_id", .text).notNull().indexed()
                t.column("applied_at", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("caller_uid", .integer).notNull()
                t.column("caller_name", .text).notNull()
            }
            // Every policy directory the daemon ran with, from the moment it took effect.
            try db.create(table: "policy_set") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("effective", .integer).notNull()
                t.column("hash", .text).notNull()
                t.column("files", .text).notNull()
            }
            // The exactly-once keys: an action id is written in the same transaction as its event.
            try db.create(table: "fired") { t in
                t.primaryKey("action_id", .text)
                t.column("at", .integer).notNull()
                t.column("event_seq", .integer).notNull()
            }
            // The append-only, hash-chained audit log.
            try db.create(table: "event") { t in
                t.primaryKey("seq", .integer)
                t.column("at", .integer).notNull()
                t.column("recorded", .integer).notNull()
                t.column("type", .text).notNull()
                t.column("case_id", .text).indexed()
                t.column("data", .text).notNull()
                t.column("prev_hash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // Append-only: the log refuses edits and deletions outright.
            try db.execute(
                sql: """
                    CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v2: event index by type and time") { db in
            // The compliance report reads events of a few types from a date on.
            try db.create(index: "event_type_at", on: "event", columns: ["type", "at"])
        }
        migrator.registerMigration("v3: outbox") { db in
            // Notifications to deliver, written in the same transaction as the event that causes them; the
            // dispatcher delivers them afterwards (at least once, with retries) and records every attempt here.
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("event_seq", .integer).notNull()
                t.column("action_id", .text).notNull()
                t.column("case_id", .text)
                t.column("event", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("template", .text).notNull()
                // Values for the template (times, ids); names and phones are looked up at delivery.
                t.column("values", .text).notNull()
                t.column("state", .text).notNull().defaults(to: "pending")
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt", .integer).notNull()
                t.column("last_error", .text)
                t.column("detail", .text)
                t.column("created", .integer).notNull()
                t.column("delivered", .integer)
                t.uniqueKey(["action_id", "channel", "recipient"])
            }
            try db.create(index: "outbox_pending", on: "outbox", columns: ["state", "next_attempt"])
        }
        migrator.registerMigration("v4: person state") { db in
            // Each person's next deadline and counts, kept with every engine change: start-up reads these
            // instead of replaying everyone (see PersonStateRow).
            try db.create(table: "person_state") { t in
                t.primaryKey("case_id", .text)
                t.column("next_deadline", .integer)
                t.column("open_windows", .integer).notNull()
                t.column("open_incidents", .integer).notNull()
                t.column("pending_proposals", .integer).notNull()
                t.column("policy", .text).notNull()
                t.column("officer", .text)
            }
        }
        migrator.registerMigration("v5: person language") { db in
            // The language of the person's own messages (zh-CN, en); NULL = ccsd.conf's [notify] language.
            try db.alter(table: "person") { t in t.add(column: "language", .text) }
        }
        migrator.registerMigration("v6: status and next window in person state") { db in
            // So that `person list` needs no engine for a person who has none in memory (a national caseload's
            // list would otherwise replay everyone). NULL in older rows until the person's engine next changes.
            try db.alter(table: "person_state") { t in
                t.add(column: "status", .text)
                t.add(column: "next_window", .integer)
            }
        }
        migrator.registerMigration("v7: outbox indexes the dispatcher can search") { db in
            // The dispatcher reads pending rows by channel after every delivery, and counts a person's delivered
            // reminders for the daily cap. Through (state, next_attempt) the first scanned every pending row and
            // the second every delivered one: a drained backlog cost time squared, and every reminder a scan of
            // all ever sent. Partial indexes hold only the rows those queries ask for.
            try db.execute(
                sql: """
                    DROP INDEX outbox_pending;
                    CREATE INDEX outbox_pending ON outbox(channel, next_attempt) WHERE state = 'pending';
                    CREATE INDEX outbox_person_reminders ON outbox(case_id, delivered)
                      WHERE event = 'reminder' AND recipient = 'person' AND state = 'delivered';
                    """)
        }
        migrator.registerMigration("v8: persons by officer") { db in
            // An officer's `person list` read their persons' rows through a scan of every person: at national scale
            // a second or two of the caseload's time per listing, holding every check-in meanwhile.
            try db.create(index: "person_officer", on: "person", columns: ["officer"])
        }
        return migrator
    }
}
