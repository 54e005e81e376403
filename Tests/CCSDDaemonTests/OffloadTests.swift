import NIOCore
import NIOPosix
import Testing

@testable import CCSDDaemon

@Suite("Offload: blocking work on a task loop other than the caller's")
struct OffloadTests {
    @Test("called from one of the singleton loops, the work runs on another of them")
    func runsOnAnotherLoop() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let caller = group.next()
        // As the caseload's actor would be: running on one of the loops.
        // Several times: the group hands out its loops in turn, so a choice that ignored the caller would hit it.
        let onCaller = try await caller.submit { (0..<8).filter { _ in Offload.otherLoop().inEventLoop }.count }.get()
        #expect(onCaller == 0 || System.coreCount == 1, "the work would take turns with its caller")
        let onALoop = await Offload.run { MultiThreadedEventLoopGroup.currentEventLoop != nil }
        #expect(onALoop)
        #expect(await Offload.run { 6 * 7 } == 42)
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
