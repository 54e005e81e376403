import Crypto
import Foundation
import Synchronization
import Testing

@testable import CCSDStore

@Suite("Group commit with events encoded by the submitter: skips, failures and the chain in one transaction")
struct CommitterTests {
    static func event(_ n: Int, action: String? = nil, deliveries: [DeliveryDraft] = []) -> EventDraft {
        EventDraft(
            type: "missed", at: Int64(n), fields: ["person": "JX-\(n % 7)", "n": String(n)], actionID: action,
            deliveries: deliveries)
    }

    static let person = PersonRow(
        caseID: "JX-1", name: "张三", phone: nil, policy: "strict", officer: nil, timeZone: "Asia/Shanghai",
        supervisionStart: 0, supervisionEnd: nil, tags: "[]", addedAt: 0, addedBy: 0)

    /// The encoding and hash as they were written before the fast path: every chain already on disk uses them.
    static func referenceJSON(_ object: [String: String]) -> String {
        func quote(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let keys = object.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return "{" + keys.map { "\(quote($0)):\(quote(object[$0]!))" }.joined(separator: ",") + "}"
    }

    static func referenceHash(
        prev: String, seq: Int64, at: Int64, recorded: Int64, type: String, fields: [String: String]
    ) -> String {
        var all = fields
        all["@seq"] = String(seq)
        all["@at"] = String(at)
        all["@recorded"] = String(recorded)
        all["@type"] = type
        let digest = SHA256.hash(data: Data((prev + "\n" + referenceJSON(all)).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Queues `batches` in order before the writer runs, so they share one transaction; returns each outcome.
    static func oneGroup(_ committer: Committer, _ batches: [WriteBatch]) async -> [Result<[StoredEvent], any Error>] {
        var tasks: [Task<[StoredEvent], any Error>] = []
        for (index, batch) in batches.enumerated() {
            tasks.append(Task { try await committer.submit(batch) })
            while committer.queued < index + 1 { await Task.yield() }
        }
        let running = Task { await committer.run() }
        var results: [Result<[StoredEvent], any Error>] = []
        for task in tasks { results.append(await task.result) }
        committer.finish()
        await running.value
        return results
    }

    @Test("the byte encoder and hash match the reference on awkward text")
    func encodingMatchesReference() {
        let samples: [[String: String]] = [
            [:],
            ["person": "JX-1", "message": "missed \"phone\" report\n\tat 09:00\r\u{1}\u{1f}\u{7f}"],
            ["é": "ü", "Z": "z", "_": "\\", "@seq": "spoofed", "@b": "between", "@recorded": "x", "@ta": "after"],
            ["emoji": "👮‍♀️ 社区矫正", "a\u{0}b": "nul\u{0}inside", "": ""],
            // ASCII keys only (sorted by String's order): upper case before `_` before lower case, DEL last.
            ["B": "1", "a": "2", "_": "3", "~": "4", "A": "5", "a\u{7f}": "6", "aB": "7", "a~": "8", "@ta": "9"],
        ]
        for (index, fields) in samples.enumerated() {
            #expect(StoredEvent.canonicalJSON(fields) == Self.referenceJSON(fields))
            for (seq, recorded) in [(Int64(1), Int64(0)), (123_456_789, 1_780_000_000_123_456), (9, -5)] {
                let prev = index == 0 ? StoredEvent.genesis : StoredEvent.digest("prev \(index)")
                #expect(
                    StoredEvent.hash(
                        prev: prev, seq: seq, at: Int64(index) - 2, recorded: recorded, type: "t\"\(index)",
                        fields: fields)
                        == Self.referenceHash(
                            prev: prev, seq: seq, at: Int64(index) - 2, recorded: recorded, type: "t\"\(index)",
                            fields: fields))
            }
        }
        #expect(StoredEvent.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("a duplicate in the middle of a batch is skipped without taking a seq or a link")
    func skippedDuplicateInsideBatch() async throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 7 })
        let results = await Self.oneGroup(
            committer,
            [
                WriteBatch(events: [Self.event(1, action: "a")]),
                WriteBatch(events: [
                    Self.event(2, action: "b"), Self.event(3, action: "a"), Self.event(4), Self.event(5, action: "b"),
                    Self.event(6, action: "c"),
                ]),
            ])
        let second = try results[1].get()
        #expect(second.map(\.fields["n"]) == ["2", "4", "6"])
        #expect(second.map(\.seq) == [2, 3, 4])
        #expect(second.first?.prevHash == (try results[0].get()).first?.hash)
        #expect(try store.firedActionIDs() == ["a", "b", "c"])
        let verification = try store.verifyChain()
        #expect(verification.isIntact && verification.events == 4)
        #expect(committer.statistics.groups == 1 && committer.statistics.events == 4)
    }

    @Test("a failed batch between good ones in one transaction fails alone; the chain continues past it")
    func failedBatchBetweenGoodOnes() async throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let setup = try Committer(store: store, now: { 1 })
        _ = await Self.oneGroup(setup, [WriteBatch(persons: [Self.person], events: [Self.event(0)])])

        let mirrored = Mutex<[[StoredEvent]]>([])
        let committer = try Committer(
            store: store, now: { 2 }, committed: { events in mirrored.withLock { $0.append(events) } })
        let sms = DeliveryDraft(channel: "sms", recipient: "officer", template: "missed", values: ["at": "09:00"])
        let results = await Self.oneGroup(
            committer,
            [
                WriteBatch(events: [Self.event(1, action: "k1")]),
                // Inserts an existing person: the whole batch, its fired key and its outbox row roll back.
                WriteBatch(
                    persons: [Self.person], events: [Self.event(2, action: "k2", deliveries: [sms]), Self.event(3)]),
                WriteBatch(events: [Self.event(4, action: "k2", deliveries: [sms]), Self.event(5, action: "k1")]),
                WriteBatch(events: [Self.event(6)]),
            ])
        #expect(try results[0].get().map(\.seq) == [2])
        #expect(throws: (any Error).self) { try results[1].get() }
        let third = try results[2].get()
        #expect(third.map(\.seq) == [3] && third.map(\.fields["n"]) == ["4"], "k2 was rolled back, k1 fired")
        #expect(try results[3].get().map(\.seq) == [4])
        #expect(committer.statistics == .init(groups: 1, batches: 4, events: 3, largestGroup: 4))
        #expect(mirrored.withLock { $0.map { $0.map(\.seq) } } == [[2, 3, 4]])
        let verification = try store.verifyChain()
        #expect(verification.isIntact && verification.events == 4)
        let outbox = try store.outbox(failedOnly: false, limit: 10)
        #expect(outbox.map(\.eventSeq) == [3] && outbox.first?.values == ["at": "09:00"])
    }

    @Test("tickets are numbered in queue order and settledThrough passes each once its outcome is known")
    func settledThrough() async throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 1 })
        let first = committer.enqueue(WriteBatch(persons: [Self.person], events: [Self.event(0)]))
        // A second insert of the same person fails; it is settled all the same.
        let failing = committer.enqueue(WriteBatch(persons: [Self.person]))
        let last = committer.enqueue(WriteBatch(events: [Self.event(1)]))
        #expect([first, failing, last].map(\.number) == [1, 2, 3])
        #expect(committer.settledThrough == 0, "nothing is written before the writer runs")
        async let running: Void = committer.run()
        _ = try await first.outcome()
        #expect(committer.settledThrough >= 1)
        await #expect(throws: (any Error).self) { try await failing.outcome() }
        _ = try await last.outcome()
        #expect(committer.settledThrough == 3)
        committer.finish()
        await running
        let refused = committer.enqueue(WriteBatch(events: [Self.event(2)]))
        #expect(refused.number == 0 && committer.settledThrough == 3, "a batch refused at once was never in flight")
        await #expect(throws: (any Error).self) { try await refused.outcome() }
    }

    @Test("the outbox hook runs after a transaction that queued deliveries, and only then")
    func outboxHook() async throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rings = Mutex(0)
        let quiet = try Committer(store: store, now: { 1 }, outboxQueued: { rings.withLock { $0 += 1 } })
        _ = await Self.oneGroup(quiet, [WriteBatch(persons: [Self.person], events: [Self.event(0)])])
        #expect(rings.withLock { $0 } == 0)
        let sms = DeliveryDraft(channel: "sms", recipient: "officer", template: "missed", values: [:])
        let ringing = try Committer(store: store, now: { 2 }, outboxQueued: { rings.withLock { $0 += 1 } })
        _ = await Self.oneGroup(
            ringing, [WriteBatch(events: [Self.event(1)]), WriteBatch(events: [Self.event(2, deliveries: [sms])])])
        #expect(rings.withLock { $0 } == 1)
    }

    @Test("batches arriving while a transaction commits join the next one, in order")
    func laterBatchesFormTheNextGroup() async throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 3 })
        async let running: Void = committer.run()
        try await withThrowingTaskGroup(of: [StoredEvent].self) { group in
            for n in 1...400 { group.addTask { try await committer.submit(WriteBatch(events: [Self.event(n)])) } }
            var count = 0
            for try await stored in group { count += stored.count }
            #expect(count == 400)
        }
        committer.finish()
        await running
        let statistics = committer.statistics
        #expect(statistics.batches == 400 && statistics.events == 400)
        #expect(statistics.groups < 400, "concurrent submissions share transactions: \(statistics)")
        #expect(try store.verifyChain().isIntact)
    }

    @Test("a transaction takes batches up to about 8,192 events, so one queued behind a burst waits for one part")
    func groupsAreCapped() async throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 3 })
        // Queued before the writer starts: three parts of 5,000 events and a check-in-sized batch.
        let tickets =
            (0..<3).map { part in
                committer.enqueue(WriteBatch(events: (1...5000).map { Self.event(part * 5000 + $0) }))
            } + [committer.enqueue(WriteBatch(events: [Self.event(15_001)]))]
        async let running: Void = committer.run()
        for ticket in tickets { _ = try await ticket.outcome() }
        committer.finish()
        await running
        let statistics = committer.statistics
        #expect(statistics.events == 15_001 && statistics.batches == 4)
        #expect(statistics.groups == 3, "5,000 | 5,000 | 5,000 + 1: \(statistics)")
        #expect(try store.verifyChain().isIntact)
    }
}
