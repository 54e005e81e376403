import Foundation
import GRDB
import Synchronization

/// Group commit: batches submitted while a transaction is on disk are written together in the next one.
///
/// Each batch gets its own savepoint, so one bad batch fails alone; `submit` returns only once the transaction
/// holding its batch is committed with `synchronous=FULL`. Batches are written in submission order, which is
/// what keeps the hash chain in the engine's order.
public final class Committer: Sendable {
    struct Pending {
        let batch: WriteBatch
        let continuation: CheckedContinuation<[StoredEvent], any Error>
    }

    struct Chain {
        var seq: Int64
        var hash: String
    }

    let store: Store
    let now: @Sendable () -> Int64
    private let queue = Mutex<[Pending]>([])
    private let chain: Mutex<Chain>
    private let wake: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation

    /// `now` dates the `recorded` column (microseconds since the epoch).
    public init(store: Store, now: @escaping @Sendable () -> Int64) throws {
        self.store = store
        self.now = now
        let last = try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1")
        }
        chain = Mutex(Chain(seq: last?["seq"] ?? 0, hash: last?["hash"] ?? StoredEvent.genesis))
        (wake, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a batch and waits until it is on disk; returns its events as appended (skipped duplicates omitted).
    ///
    /// `nonisolated(nonsending)`: the batch is queued on the caller's actor before the first suspension, so an
    /// actor that mutates state and then submits keeps its order in the log.
    nonisolated(nonsending) public func submit(_ batch: WriteBatch) async throws -> [StoredEvent] {
        try await withCheckedThrowingContinuation { continuation in
            queue.withLock { $0.append(Pending(batch: batch, continuation: continuation)) }
            wakeUp.yield()
        }
    }

    /// Writes queued batches until cancelled; run it as a long-lived task of the daemon.
    public func run() async {
        for await _ in wake {
            while true {
                let pending = queue.withLock { queue in
                    defer { queue.removeAll() }
                    return queue
                }
                if pending.isEmpty { break }
                await write(pending)
            }
        }
        let left = queue.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
        for item in left { item.continuation.resume(throwing: StoreError("ccsd is shutting down")) }
    }

    /// Stops `run()` after the batches already queued are written.
    public func finish() { wakeUp.finish() }

    private func write(_ pending: [Pending]) async {
        let start = chain.withLock { $0 }
        let recorded = now()
        do {
            let (results, end) = try await store.pool.write { db in
                var link = start
                var results: [Result<[StoredEvent], any Error>] = []
                for item in pending {
                    var events: [StoredEvent] = []
                    var attempt = link
                    do {
                        try db.inSavepoint {
                            events = try Self.apply(item.batch, db: db, chain: &attempt, recorded: recorded)
                            return .commit
                        }
                        link = attempt
                        results.append(.success(events))
                    } catch {
                        results.append(.failure(error))
                    }
                }
                return (results, link)
            }
            chain.withLock { $0 = end }
            for (item, result) in zip(pending, results) { item.continuation.resume(with: result) }
        } catch {
            for item in pending {
                item.continuation.resume(throwing: StoreError("cannot write to \(store.path): \(error)"))
            }
        }
    }

    static func apply(_ batch: WriteBatch, db: Database, chain: inout Chain, recorded: Int64) throws -> [StoredEvent] {
        for person in batch.persons { try person.insert(db) }
        for person in batch.personUpdates { try person.update(db) }
        for input in batch.inputs { try input.insert(db) }
        for set in batch.policySets { try set.insert(db) }
        for state in batch.states { try state.upsert(db) }
        var stored: [StoredEvent] = []
        for draft in batch.events {
            let seq = chain.seq + 1
            if let id = draft.actionID {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO fired (action_id, at, event_seq) VALUES (?, ?, ?)",
                    arguments: [id, draft.at, seq])
                if db.changesCount == 0 { continue }
            }
            let hash = StoredEvent.hash(
                prev: chain.hash, seq: seq, at: draft.at, recorded: recorded, type: draft.type, fields: draft.fields)
            let event = StoredEvent(
                seq: seq, at: draft.at, recorded: recorded, type: draft.type, fields: draft.fields,
                prevHash: chain.hash,
                hash: hash)
            try db.execute(
                sql:
                    "INSERT INTO event (seq, at, recorded, type, case_id, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
                arguments: [
                    seq, draft.at, recorded, draft.type, draft.fields["person"],
                    StoredEvent.canonicalJSON(draft.fields), chain.hash, hash,
                ])
            chain = Chain(seq: seq, hash: hash)
            stored.append(event)
            for delivery in draft.deliveries {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO outbox
                          (event_seq, action_id, case_id, event, channel, recipient, template, "values", next_attempt, created)
                        VALUES (?,?,?,?,?,?,?,?,?,?)
                        """,
                    arguments: [
                        seq, draft.actionID ?? "event-\(seq)", draft.fields["person"], draft.type, delivery.channel,
                        delivery.recipient, delivery.template, StoredEvent.canonicalJSON(delivery.values), recorded,
                        recorded,
                    ])
            }
        }
        return stored
    }
}
