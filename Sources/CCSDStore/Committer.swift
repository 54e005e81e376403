import GRDB
import Synchronization

/// Group commit: batches submitted while a transaction is on disk are written together in the next one.
///
/// Each batch gets its own savepoint, so one bad batch fails alone; `submit` returns only once the transaction
/// holding its batch is committed with `synchronous=FULL`. Batches are written in submission order, which is
/// what keeps the hash chain in the engine's order.
///
/// The one writer thread is the bottleneck, so it does as little as it can: events are encoded by the submitter
/// (``EncodedDraft``), the writer only fills in sequence numbers and hashes, inserts through cached statements,
/// and takes everything queued when it starts a transaction (batches that arrive during a commit's `fdatasync`
/// form the next group).
public final class Committer: Sendable {
    struct Pending {
        let batch: WriteBatch
        let encoded: [EncodedDraft]
        let continuation: CheckedContinuation<[StoredEvent], any Error>
    }

    /// How the group commit has been grouping: transactions, batches and events written.
    public struct Statistics: Sendable, Hashable, CustomStringConvertible {
        /// Transactions committed (each one `fdatasync` of the WAL).
        public var groups = 0
        /// Batches written or failed in those transactions.
        public var batches = 0
        /// Events appended.
        public var events = 0
        /// The most batches in one transaction.
        public var largestGroup = 0

        public var description: String {
            let mean = groups == 0 ? 0 : Double(batches) / Double(groups)
            let rounded = (mean * 10).rounded() / 10
            return "\(groups) transactions, \(batches) batches (\(rounded) per transaction, at most \(largestGroup)), "
                + "\(events) events"
        }
    }

    struct Chain {
        var seq: Int64
        var hash: String
    }

    let store: Store
    let now: @Sendable () -> Int64
    private let queue = Mutex<[Pending]>([])
    private let chain: Mutex<Chain>
    private let counts = Mutex(Statistics())
    private let committed: (@Sendable ([StoredEvent]) -> Void)?
    private let wake: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation

    /// `now` dates the `recorded` column (microseconds since the epoch). `committed` is called on the writer
    /// after each transaction with all its events in sequence order (the journal mirror's feed); it must return
    /// quickly, as the next transaction waits for it.
    public init(
        store: Store, now: @escaping @Sendable () -> Int64, committed: (@Sendable ([StoredEvent]) -> Void)? = nil
    ) throws {
        self.store = store
        self.now = now
        self.committed = committed
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
    /// The events are encoded here, on the caller, before they are queued: that work runs in parallel with the
    /// writer instead of inside its transaction.
    nonisolated(nonsending) public func submit(_ batch: WriteBatch) async throws -> [StoredEvent] {
        let encoded = batch.events.map(EncodedDraft.init)
        return try await withCheckedThrowingContinuation { continuation in
            queue.withLock { $0.append(Pending(batch: batch, encoded: encoded, continuation: continuation)) }
            wakeUp.yield()
        }
    }

    /// Transactions, batches and events written so far.
    public var statistics: Statistics { counts.withLock { $0 } }

    /// Batches queued and not yet taken by the writer.
    var queued: Int { queue.withLock { $0.count } }

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
                results.reserveCapacity(pending.count)
                for item in pending {
                    var events: [StoredEvent] = []
                    var attempt = link
                    do {
                        try db.inSavepoint {
                            events = try Self.apply(
                                item.batch, encoded: item.encoded, db: db, chain: &attempt, recorded: recorded)
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
            var appended = 0
            for case .success(let events) in results { appended += events.count }
            counts.withLock { counts in
                counts.groups += 1
                counts.batches += pending.count
                counts.events += appended
                counts.largestGroup = max(counts.largestGroup, pending.count)
            }
            if let committed, appended > 0 {
                var events: [StoredEvent] = []
                events.reserveCapacity(appended)
                for case .success(let batchEvents) in results { events += batchEvents }
                committed(events)
            }
            for (item, result) in zip(pending, results) { item.continuation.resume(with: result) }
        } catch {
            for item in pending {
                item.continuation.resume(throwing: StoreError("cannot write to \(store.path): \(error)"))
            }
        }
    }

    static func apply(
        _ batch: WriteBatch, encoded: [EncodedDraft], db: Database, chain: inout Chain, recorded: Int64
    ) throws -> [StoredEvent] {
        for person in batch.persons { try person.insert(db) }
        for person in batch.personUpdates { try person.update(db) }
        for input in batch.inputs { try input.insert(db) }
        for set in batch.policySets { try set.insert(db) }
        for state in batch.states { try state.upsert(db) }
        if encoded.isEmpty { return [] }
        let fire = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO fired (action_id, at, event_seq) VALUES (?, ?, ?)")
        let append = try db.cachedStatement(
            sql: "INSERT INTO event (seq, at, recorded, type, case_id, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)")
        var stored: [StoredEvent] = []
        stored.reserveCapacity(encoded.count)
        for event in encoded {
            let draft = event.draft
            let seq = chain.seq + 1
            if let id = draft.actionID {
                try fire.execute(arguments: [id, draft.at, seq])
                // Already fired: skipped, and it takes neither a sequence number nor a link.
                if db.changesCount == 0 { continue }
            }
            let hash = event.hash(prev: chain.hash, seq: seq, recorded: recorded)
            try append.execute(arguments: [
                seq, draft.at, recorded, draft.type, draft.fields["person"], event.data, chain.hash, hash,
            ])
            stored.append(
                StoredEvent(
                    seq: seq, at: draft.at, recorded: recorded, type: draft.type, fields: draft.fields,
                    prevHash: chain.hash, hash: hash))
            chain = Chain(seq: seq, hash: hash)
            if draft.deliveries.isEmpty { continue }
            let queue = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO outbox
                      (event_seq, action_id, case_id, event, channel, recipient, template, "values", next_attempt, created)
                    VALUES (?,?,?,?,?,?,?,?,?,?)
                    """)
            for (delivery, values) in zip(draft.deliveries, event.deliveryValues) {
                try queue.execute(arguments: [
                    seq, draft.actionID ?? "event-\(seq)", draft.fields["person"], draft.type, delivery.channel,
                    delivery.recipient, delivery.template, values, recorded, recorded,
                ])
            }
        }
        return stored
    }
}
