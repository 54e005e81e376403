import Foundation
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
        let ticket: Ticket
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

    /// What waits for the writer, under `condition`.
    struct Queue {
        var pending: [Pending] = []
        /// The number of the last ticket handed out.
        var numbered: Int64 = 0
        /// `finish()` was called: write what is queued, then stop.
        var finishing = false
        /// The writer has stopped: later batches fail at once.
        var stopped = false
    }

    let store: Store
    let now: @Sendable () -> Int64
    /// Guards `waiting`; the writer thread sleeps on it while nothing is queued.
    private let condition = NSCondition()
    private nonisolated(unsafe) var waiting = Queue()
    private let chain: Mutex<Chain>
    private let counts = Mutex(Statistics())
    private let settled = Atomic<Int64>(0)
    private let committed: (@Sendable ([StoredEvent]) -> Void)?
    private let outboxQueued: (@Sendable () -> Void)?

    /// `now` dates the `recorded` column (microseconds since the epoch). `committed` is called on the writer
    /// after each transaction with all its events in sequence order (the journal mirror's feed), and
    /// `outboxQueued` after one that queued deliveries (the dispatcher's bell); they must return quickly, as the
    /// next transaction waits for them.
    public init(
        store: Store, now: @escaping @Sendable () -> Int64, committed: (@Sendable ([StoredEvent]) -> Void)? = nil,
        outboxQueued: (@Sendable () -> Void)? = nil
    ) throws {
        self.store = store
        self.now = now
        self.committed = committed
        self.outboxQueued = outboxQueued
        let last = try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1")
        }
        chain = Mutex(Chain(seq: last?["seq"] ?? 0, hash: last?["hash"] ?? StoredEvent.genesis))
    }

    /// Queues a batch and waits until it is on disk; returns its events as appended (skipped duplicates omitted).
    ///
    /// `nonisolated(nonsending)`: the batch is queued on the caller's actor before the first suspension, so an
    /// actor that mutates state and then submits keeps its order in the log.
    /// The events are encoded here, on the caller, before they are queued: that work runs in parallel with the
    /// writer instead of inside its transaction.
    nonisolated(nonsending) public func submit(_ batch: WriteBatch) async throws -> [StoredEvent] {
        try await enqueue(batch).outcome()
    }

    /// Queues a batch without waiting: the caller goes on (say, drafting the next part of a burst) while the
    /// writer writes this one. Batches are written in the order they were queued; the ticket tells when and how.
    public func enqueue(_ batch: WriteBatch) -> Ticket {
        let encoded = batch.events.map(EncodedDraft.init)
        let queued: Ticket? = locked { waiting in
            if waiting.stopped { return nil }
            waiting.numbered += 1
            let ticket = Ticket(number: waiting.numbered)
            waiting.pending.append(Pending(batch: batch, encoded: encoded, ticket: ticket))
            return ticket
        }
        guard let queued else {
            let refused = Ticket(number: 0)
            refused.complete(.failure(StoreError("ccsd is shutting down")))
            return refused
        }
        return queued
    }

    /// The number of the last ticket whose outcome is known: every batch queued with a number up to it is on
    /// disk or was refused. A ticket holder can tell whether a batch is still in flight without awaiting it.
    public var settledThrough: Int64 { settled.load(ordering: .acquiring) }

    /// Transactions, batches and events written so far.
    public var statistics: Statistics { counts.withLock { $0 } }

    /// Batches queued and not yet taken by the writer.
    var queued: Int { locked { $0.pending.count } }

    /// Writes queued batches until `finish()`; run it as a long-lived task of the daemon.
    ///
    /// The writer is a thread of its own, not a task: it must start a transaction as soon as a batch is queued,
    /// even while the task that queued it goes on for seconds (a burst being drafted) on the executor's thread.
    /// It sleeps on a condition while nothing is queued, so an idle daemon has no writer wake-ups.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Named from inside: that is when Foundation on Linux names the thread for `top -H` and perf.
            Thread { [self] in
                Thread.current.name = "ccsd-writer"
                writeUntilFinished()
                continuation.resume()
            }.start()
        }
    }

    /// Stops `run()` after the batches already queued are written; batches queued later fail.
    public func finish() {
        locked { $0.finishing = true }
    }

    private func writeUntilFinished() {
        while true {
            condition.lock()
            while waiting.pending.isEmpty && !waiting.finishing { condition.wait() }
            // A group takes batches up to about `groupEvents` events (at least one batch): a burst's parts each
            // get a transaction, so a check-in queued behind them waits for one part, not all.
            var events = 0
            let taken = waiting.pending.prefix { item in
                defer { events += item.encoded.count }
                return events == 0 || events + item.encoded.count <= Self.groupEvents
            }.count
            let pending = Array(waiting.pending.prefix(taken))
            waiting.pending.removeFirst(taken)
            if pending.isEmpty { waiting.stopped = true }
            condition.unlock()
            if pending.isEmpty { return }
            write(pending)
        }
    }

    /// Events above which the writer leaves further batches for the next transaction.
    static let groupEvents = 8192

    /// Runs `body` on the queue under the lock and wakes the writer.
    private func locked<T>(_ body: (inout Queue) -> T) -> T {
        condition.lock()
        defer {
            condition.signal()
            condition.unlock()
        }
        return body(&waiting)
    }

    private func write(_ pending: [Pending]) {
        let start = chain.withLock { $0 }
        let recorded = now()
        do {
            let results: [Result<[StoredEvent], any Error>]
            let end: Chain
            do {
                // All batches at once: a savepoint per batch copies every page it touches to a sub-journal (14
                // pages per check-in), and batches almost never fail.
                (results, end) = try store.pool.write { db in
                    var link = start
                    let results = try pending.map { item in
                        Result<[StoredEvent], any Error>.success(
                            try Self.apply(
                                item.batch, encoded: item.encoded, db: db, chain: &link, recorded: recorded))
                    }
                    return (results, link)
                }
            } catch {
                // One failed (or the disk did): the transaction was rolled back; again, each batch in a savepoint
                // of its own so that a failed one fails alone.
                (results, end) = try writeEachInSavepoint(pending, from: start, recorded: recorded)
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
            if let outboxQueued, pending.contains(where: { $0.batch.events.contains { !$0.deliveries.isEmpty } }) {
                outboxQueued()
            }
            settled.store(pending.last?.ticket.number ?? 0, ordering: .releasing)
            for (item, result) in zip(pending, results) { item.ticket.complete(result) }
        } catch {
            settled.store(pending.last?.ticket.number ?? 0, ordering: .releasing)
            for item in pending {
                item.ticket.complete(.failure(StoreError("cannot write to \(store.path): \(error)")))
            }
        }
    }

    private func writeEachInSavepoint(
        _ pending: [Pending], from start: Chain, recorded: Int64
    ) throws -> ([Result<[StoredEvent], any Error>], Chain) {
        try store.pool.write { db in
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
    }

    static func apply(
        _ batch: WriteBatch, encoded: [EncodedDraft], db: Database, chain: inout Chain, recorded: Int64
    ) throws -> [StoredEvent] {
        for person in batch.persons { try person.insert(db) }
        for person in batch.personUpdates { try person.update(db) }
        if !batch.inputs.isEmpty {
            let insert = try FastInsert(
                db,
                sql:
                    "INSERT INTO input (case_id, applied_at, kind, payload, caller_uid, caller_name) VALUES (?,?,?,?,?,?)"
            )
            for input in batch.inputs {
                try insert.run(
                    .text(input.caseID), .integer(input.appliedAt), .text(input.kind), .text(input.payload),
                    .integer(input.callerUID), .text(input.callerName))
            }
        }
        for set in batch.policySets { try set.insert(db) }
        for state in batch.states { try state.upsert(db) }
        if encoded.isEmpty { return [] }
        let fire = try FastInsert(db, sql: "INSERT OR IGNORE INTO fired (action_id, at, event_seq) VALUES (?, ?, ?)")
        let append = try FastInsert(
            db,
            sql: "INSERT INTO event (seq, at, recorded, type, case_id, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)")
        var stored: [StoredEvent] = []
        stored.reserveCapacity(encoded.count)
        for event in encoded {
            let draft = event.draft
            let seq = chain.seq + 1
            // Already fired: skipped, and it takes neither a sequence number nor a link.
            if let id = draft.actionID, draft.recordsFired,
                try fire.run(.text(id), .integer(draft.at), .integer(seq)) == 0
            {
                continue
            }
            let hash = event.hash(prev: chain.hash, seq: seq, recorded: recorded)
            try append.run(
                .integer(seq), .integer(draft.at), .integer(recorded), .text(draft.type),
                .optional(draft.fields["person"]), .text(event.data), .text(chain.hash), .text(hash))
            stored.append(
                StoredEvent(
                    seq: seq, at: draft.at, recorded: recorded, type: draft.type, fields: draft.fields,
                    prevHash: chain.hash, hash: hash))
            chain = Chain(seq: seq, hash: hash)
            if draft.deliveries.isEmpty { continue }
            let queue = try FastInsert(
                db,
                sql: """
                    INSERT OR IGNORE INTO outbox
                      (event_seq, action_id, case_id, event, channel, recipient, template, "values", next_attempt, created)
                    VALUES (?,?,?,?,?,?,?,?,?,?)
                    """)
            for (delivery, values) in zip(draft.deliveries, event.deliveryValues) {
                try queue.run(
                    .integer(seq), .text(draft.actionID ?? "event-\(seq)"), .optional(draft.fields["person"]),
                    .text(draft.type), .text(delivery.channel), .text(delivery.recipient), .text(delivery.template),
                    .text(values), .integer(recorded), .integer(recorded))
            }
        }
        return stored
    }
}
