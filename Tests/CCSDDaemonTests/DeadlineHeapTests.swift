import CCSDTime
import Testing

@testable import CCSDDaemon

@Suite("The deadline heap")
struct DeadlineHeapTests {
    /// 2,000 persons' entries with random deadlines (microseconds) below a bound, so that many share one.
    static func randomEntries(deadlinesBelow bound: Int64) -> [DeadlineHeap.Entry] {
        var generator = SystemRandomNumberGenerator()
        return (0..<2_000).map { index in
            DeadlineHeap.Entry(
                at: Instant(microseconds: Int64.random(in: 0..<bound, using: &generator)), caseID: "P\(index)",
                version: 0)
        }
    }

    @Test("built from an unordered array or pushed one by one, it pops in deadline order")
    func order() {
        let entries = Self.randomEntries(deadlinesBelow: 500)
        var built = DeadlineHeap(unordered: entries)
        var pushed = DeadlineHeap()
        for entry in entries { pushed.push(entry) }
        var fromBuilt: [Int64] = []
        var fromPushed: [Int64] = []
        while let top = built.pop() { fromBuilt.append(top.at.microseconds) }
        while let top = pushed.pop() { fromPushed.append(top.at.microseconds) }
        #expect(fromBuilt == entries.map(\.at.microseconds).sorted())
        #expect(fromPushed == fromBuilt)
    }

    @Test("stale entries are skipped by peek")
    func stale() {
        var heap = DeadlineHeap(unordered: [
            .init(at: Instant(microseconds: 1), caseID: "A", version: 0),
            .init(at: Instant(microseconds: 2), caseID: "A", version: 1),
            .init(at: Instant(microseconds: 3), caseID: "B", version: 0),
        ])
        #expect(heap.peek { $0.caseID != "A" || $0.version == 1 }?.at == Instant(microseconds: 2))
        #expect(heap.count == 2)
    }

    @Test("the entries due by a time are found without popping, up to a limit")
    func due() {
        let entries = Self.randomEntries(deadlinesBelow: 1000)
        let heap = DeadlineHeap(unordered: entries)
        let expected = Set(entries.filter { $0.at.microseconds <= 300 }.map(\.caseID))
        #expect(Set(heap.due(through: Instant(microseconds: 300), limit: 10_000).map(\.caseID)) == expected)
        let some = heap.due(through: Instant(microseconds: 300), limit: 50)
        #expect(some.count == 50 && Set(some.map(\.caseID)).isSubset(of: expected))
        #expect(heap.due(through: Instant(microseconds: -1), limit: 10).isEmpty)
        #expect(heap.count == 2_000)
    }

    @Test("compacting keeps the current entries, still in deadline order")
    func compact() {
        var heap = DeadlineHeap()
        for version in 0..<50 {
            for index in 0..<20 {
                heap.push(
                    .init(
                        at: Instant(microseconds: Int64(1000 - version * 10 - index)), caseID: "P\(index)",
                        version: UInt64(version)))
            }
        }
        heap.compact { $0.version == 49 }
        #expect(heap.count == 20)
        var popped: [Int64] = []
        while let top = heap.pop() {
            #expect(top.version == 49)
            popped.append(top.at.microseconds)
        }
        #expect(popped == (0..<20).map { Int64(510 - $0) }.sorted())
    }

    /// Each engine change pushes a heap entry; stale ones used to stay until their deadline came round.
    @Test("three thousand check-ins on five persons leave the deadline heap bounded")
    func heapStaysBounded() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run(engineCacheLimit: 1_000) { caseload, _ in
            for caseID in LazyEngineTests.cases { _ = try await CaseloadTests.add(caseload, caseID) }
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:10:00+08:00"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<3_000 {
                    group.addTask {
                        _ = try await caseload.recordCheckIn(
                            .init(caseID: LazyEngineTests.cases[index % LazyEngineTests.cases.count], method: "phone"),
                            caller: CaseloadTests.officer)
                    }
                }
                try await group.waitForAll()
            }
            let count = await caseload.heap.count
            #expect(count <= 2 * LazyEngineTests.cases.count + 1024)
            // Still one current entry per person: the next deadlines all come.
            fixture.clock.set(DaemonFixture.instant("2026-12-02T09:10:00+08:00"))
            try await caseload.runDue()
            #expect(await caseload.status().persons == LazyEngineTests.cases.count)
        }
    }
}
