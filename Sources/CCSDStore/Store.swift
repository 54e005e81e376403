import CCSDCore
import Foundation
import GRDB

/// ccsd's durable state: SQLite in WAL mode with `synchronous=FULL`, written by the daemon alone.
///
/// A write that returns is on disk. Writes go through `Committer` (group commit); reads may run concurrently.
public final class Store: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path`, migrates the schema and checks integrity.
    public init(path: String) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.label = "ccsd"
        config.busyMode = .timeout(5)
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB picks NORMAL for WAL; a reply that says "recorded" must survive a power cut, so FULL.
            // The writer's page cache: 32 MiB instead of SQLite's 2 MiB keeps the hot index pages (fired keys,
            // outbox, state rows) in memory. The WAL is copied back into the database every 32,768 pages
            // (128 MiB) instead of every 1,000: a page written by many transactions is copied once. The
            // checkpoint runs on the writer's thread, so each copy it saves is writer time: in a
            // 100,000-window burst, 1,000 -> 8,192 saved a sixth of the writer (re-reading the WAL with pread);
            // for check-ins (two random index pages each), 8,192 -> 32,768 gave 15-20 % more per second.
            try pool.writeWithoutTransaction { db in
                try db.execute(
                    sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 32768")
            }
        } catch {
            throw StoreError("cannot open the database \(path): \(error)")
        }
        do {
            let result = try pool.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
            guard result == "ok" else {
                throw StoreError(
                    "the database \(path) is damaged (quick_check: \(result ?? "no answer")); restore it from a backup")
            }
            try Self.migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot prepare the database \(path): \(error)")
        }
    }

    /// The journal mode SQLite actually uses (`wal`).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The `synchronous` level of write connections (2 = FULL).
    public func synchronousLevel() throws -> Int {
        try pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}

/// A store failure in words an administrator can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
