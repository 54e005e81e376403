import NIOCore
import NIOPosix
import Testing

@testable import CCSDDaemon

@Suite("Offload: blocking work on a task loop other than the caller's")
struct OffloadTests {
    @Test("called from one of the singleton loops, the others come first: a batch of one runs on another loop")
    func callersLoopComesLast() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        // As the caseload's actor would call it: from one of the loops. Every loop in turn.
        for _ in 0..<8 {
            let caller = group.next()
            let first = try await caller.submit { Offload.loops().first!.inEventLoop }.get()
            let last = try await caller.submit { Offload.loops().last!.inEventLoop }.get()
            #expect(!first || System.coreCount == 1, "a batch of one would take turns with its caller")
            #expect(last)
        }
        #expect(await Offload.map([6]) { $0 * 7 } == [42])
    }

    @Test("a batch is shared among the loops, and comes back in order")
    func mapSharesTheLoops() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let loops = Array(group.makeIterator())
        // From one of the loops, as the caseload's actor would call it.
        let results = try await group.next().submit {
            Task { await Offload.map(Array(0..<1000)) { n in (n * n, loops.firstIndex { $0.inEventLoop }) } }
        }.get().value
        #expect(results.map(\.0) == (0..<1000).map { $0 * $0 })
        #expect(Set(results.compactMap(\.1)).count == loops.count, "every loop takes a share")
        #expect(await Offload.map([Int]()) { $0 }.isEmpty)
        #expect(await Offload.map([7]) { $0 + 1 } == [8])
    }
}
