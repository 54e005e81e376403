import Foundation
import GRDB
import Testing

@testable import CCSDStore

@Suite("SQLite store: durability settings, group commit, exactly-once keys, the hash chain")
struct StoreTests {
    static func temporaryStore() throws -> (Store, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ccsd-store-\(UUID().uuidString)")
        let store = try Store(path: directory.appendingPathComponent("ccsd.sqlite").path)
        return (store, directory)
    }

    static func event(_ n: Int, action: String? = nil) -> EventDraft {
        EventDraft(type: "check-in", at: Int64(n), fields: ["person": "JX-\(n % 7)", "n": String(n)], actionID: action)
    }

    @Test("WAL journal and synchronous=FULL")
    func durabilitySettings() throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try store.journalMode() == "wal")
        #expect(try store.synchronousLevel() == 2)
    }

    @Test("concurrent submissions are all on disk, in one unbroken chain")
    func groupCommit() async throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 42 })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await committer.run() }
            try await withThrowingTaskGroup(of: [StoredEvent].self) { submitters in
                for n in 1...200 {
                    submitters.addTask { try await committer.submit(WriteBatch(events: [Self.event(n)])) }
                }
                var seqs: [Int64] = []
                for try await stored in submitters { seqs += stored.map(\.seq) }
                #expect(seqs.sorted() == Array(1...200))
            }
            committer.finish()
            try await group.waitForAll()
        }
        #expect(try store.eventCount() == 200)
        #expect(try store.verifyChain().isIntact)
        // A fresh committer continues the chain where it stopped.
        let again = try Committer(store: store, now: { 43 })
        async let running: Void = again.run()
        let next = try await again.submit(WriteBatch(events: [Self.event(201)]))
        again.finish()
        await running
        #expect(next.map(\.seq) == [201])
        let verification = try store.verifyChain()
        #expect(verification.isIntact && verification.events == 201)
    }

    @Test("an action id fires once; a failing batch fails alone")
    func exactlyOnceAndIsolation() async throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 1 })
        async let running: Void = committer.run()
        let first = try await committer.submit(WriteBatch(events: [Self.event(1, action: "JX-1/a/open")]))
        let second = try await committer.submit(
            WriteBatch(events: [Self.event(2, action: "JX-1/a/open"), Self.event(3, action: "JX-1/b/open")]))
        #expect(first.count == 1 && second.map(\.fields["n"]) == ["3"])
        #expect(try store.firedActionIDs() == ["JX-1/a/open", "JX-1/b/open"])
        let person = PersonRow(
            caseID: "JX-1", name: "张三", phone: nil, policy: "strict", officer: nil, timeZone: "Asia/Shanghai",
            supervisionStart: 0, supervisionEnd: nil, tags: "[]", addedAt: 0, addedBy: 0)
        _ = try await committer.submit(WriteBatch(persons: [person]))
        await #expect(throws: (any Error).self) {
            try await committer.submit(WriteBatch(persons: [person], events: [Self.event(4)]))
        }
        let after = try await committer.submit(WriteBatch(events: [Self.event(5)]))
        #expect(after.map(\.seq) == [3], "the failed batch used no sequence number")
        committer.finish()
        await running
        #expect(try store.verifyChain().isIntact)
        #expect(try store.persons().map(\.caseID) == ["JX-1"])
    }

    @Test("editing, deleting or reordering rows is detected at the exact row; the log refuses edits")
    func tampering() async throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = try Committer(store: store, now: { 1 })
        async let running: Void = committer.run()
        for n in 1...10 { _ = try await committer.submit(WriteBatch(events: [Self.event(n)])) }
        committer.finish()
        await running
        let raw = try DatabaseQueue(path: store.path)
        await #expect(throws: (any Error).self) {
            try await raw.write { db in try db.execute(sql: "UPDATE event SET type = 'x' WHERE seq = 4") }
        }
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete")
            try db.execute(sql: "UPDATE event SET data = replace(data, '\"n\":\"4\"', '\"n\":\"40\"') WHERE seq = 4")
        }
        #expect(try store.verifyChain().firstBreak?.seq == 4)
        try await raw.write { db in
            try db.execute(sql: "UPDATE event SET data = replace(data, '\"n\":\"40\"', '\"n\":\"4\"') WHERE seq = 4")
            try db.execute(sql: "DELETE FROM event WHERE seq = 7")
        }
        let broken = try store.verifyChain()
        #expect(broken.firstBreak?.seq == 8 && broken.firstBreak?.reason.contains("missing") == true)
    }

    @Test("canonical encoding is byte-stable")
    func canonical() {
        #expect(
            StoredEvent.canonicalJSON(["b": "2", "a": "x\"y\n", "é": "ü"]) == #"{"a":"x\"y\n","b":"2","é":"ü"}"#)
    }

    /// An officer's `person list` runs on the caseload's actor: at national scale a scan of every person would hold
    /// every check-in for a second or two.
    @Test("an officer's person listing searches persons by officer")
    func officerListingSearchesAnIndex() throws {
        let (store, directory) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Store.officerListingSQL, arguments: ["o"]).map {
                $0["detail"] as String
            }
        }
        #expect(plan.contains("SEARCH p USING INDEX person_officer (officer=?)"), "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }
}
