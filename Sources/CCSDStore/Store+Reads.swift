import Foundation
import GRDB

extension Store {
    /// Every person, or one officer's (through `person_officer`), by case id.
    public func persons(officer: String? = nil) throws -> [PersonRow] {
        try pool.read { db in
            try officer.map {
                try PersonRow.fetchAll(
                    db, sql: "SELECT * FROM person WHERE officer = ? ORDER BY case_id", arguments: [$0])
            } ?? PersonRow.fetchAll(db, sql: "SELECT * FROM person ORDER BY case_id")
        }
    }

    public func person(_ caseID: String) throws -> PersonRow? {
        try pool.read { db in try PersonRow.fetchOne(db, key: caseID) }
    }

    /// Every input in the order the engine applied it.
    public func inputs() throws -> [InputRow] {
        try pool.read { db in try InputRow.fetchAll(db, sql: "SELECT * FROM input ORDER BY seq") }
    }

    /// Policy directories in the order they took effect.
    public func policySets() throws -> [PolicySetRow] {
        try pool.read { db in try PolicySetRow.fetchAll(db, sql: "SELECT * FROM policy_set ORDER BY id") }
    }

    /// Ids of every action already performed.
    public func firedActionIDs() throws -> Set<String> {
        try pool.read { db in
            var ids = Set<String>()
            let cursor = try String.fetchCursor(db, sql: "SELECT action_id FROM fired")
            while let id = try cursor.next() { ids.insert(id) }
            return ids
        }
    }

    /// Events in order, optionally of one person, after a sequence number, at most `limit`.
    public func events(person: String? = nil, afterSeq: Int64 = 0, limit: Int = 1000) throws -> [StoredEvent] {
        try pool.read { db in
            var sql = "SELECT * FROM event WHERE seq > ?"
            var arguments: StatementArguments = [afterSeq]
            if let person {
                sql += " AND case_id = ?"
                arguments += [person]
            }
            sql += " ORDER BY seq LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.event)
        }
    }

    static func event(_ row: Row) -> StoredEvent {
        let data: String = row["data"]
        let fields = (try? JSONDecoder().decode([String: String].self, from: Data(data.utf8))) ?? [:]
        return StoredEvent(
            seq: row["seq"], at: row["at"], recorded: row["recorded"], type: row["type"], fields: fields,
            prevHash: row["prev_hash"], hash: row["hash"])
    }

    public func eventCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0 }
    }
}

extension Store {
    /// Events of the given types due at or after `atOrAfter` (microseconds), in order.
    public func events(types: [String], atOrAfter: Int64) throws -> [StoredEvent] {
        try pool.read { db in
            let marks = Array(repeating: "?", count: types.count).joined(separator: ",")
            var arguments = StatementArguments(types)
            arguments += [atOrAfter]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM event WHERE type IN (\(marks)) AND at >= ? ORDER BY seq", arguments: arguments
            ).map(Self.event)
        }
    }
}

extension Store {
    /// One person's inputs in order.
    public func inputs(of caseID: String) throws -> [InputRow] {
        try pool.read { db in try Self.inputs(of: caseID, db) }
    }

    /// What rebuilding a person's engine reads, in one read transaction through cached statements: their row,
    /// their inputs in order and the ids of their actions already performed. A national caseload rebuilds
    /// engines all day (engines on demand), so this is on the path of every deadline and most requests.
    public func history(of caseID: String) throws -> (person: PersonRow?, inputs: [InputRow], fired: Set<String>) {
        try pool.read { db in
            let person = try PersonRow.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM person WHERE case_id = ?"), arguments: [caseID])
            return (person, try Self.inputs(of: caseID, db), try Self.fired(of: caseID, db))
        }
    }

    private static func inputs(of caseID: String, _ db: Database) throws -> [InputRow] {
        try InputRow.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM input WHERE case_id = ? ORDER BY seq"), arguments: [caseID])
    }

    /// Action ids are `CASE/...` (window actions) or `CASE:...` (incident actions).
    private static func fired(of caseID: String, _ db: Database) throws -> Set<String> {
        let range = try db.cachedStatement(sql: "SELECT action_id FROM fired WHERE action_id >= ? AND action_id < ?")
        let rows = try String.fetchAll(range, arguments: [caseID + "/", caseID + "0"])
        let incidents = try String.fetchAll(range, arguments: [caseID + ":", caseID + ";"])
        return Set(rows + incidents)
    }

    /// The ids of every action of a person ever written: the `action` field of their events (an action an input
    /// caused has no fired key), and their fired keys.
    public func writtenActionIDs(of caseID: String) throws -> Set<String> {
        try pool.read { db in
            let events = try Row.fetchAll(db, sql: "SELECT * FROM event WHERE case_id = ?", arguments: [caseID])
            return try Self.fired(of: caseID, db).union(events.compactMap { Self.event($0).fields["action"] })
        }
    }

    /// One event by its sequence number.
    public func event(seq: Int64) throws -> StoredEvent? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM event WHERE seq = ?", arguments: [seq]).map(Self.event)
        }
    }
}
