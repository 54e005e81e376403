import CCSDTime
import Testing

@testable import CCSDDaemon

@Suite("The deadline heap")
struct DeadlineHeapTests {
    @Test("built from an unordered array or pushed one by one, it pops in deadline order")
    func order() {
        var generator = SystemRandomNumberGenerator()
        let entries = (0..<2_000).map { index in
            DeadlineHeap.Entry(
                at: Instant(microseconds: Int64.random(in: 0..<500, using: &generator)), caseID: "P\(index)",
                version: 0)
        }
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
}
