import CCSDDaemon
import Testing

/// Only lower bounds are exact: under a loaded test run a wake-up can come late, never early. Upper bounds are
/// far below the timeouts they tell apart.
@Suite("The doorbell the scheduler and dispatcher sleep on: ring, timeout (an NIO timer), cancellation")
struct DoorbellTests {
    static func elapsed(_ body: () async -> Void) async -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        await body()
        return clock.now - start
    }

    @Test("a ring before the wait is remembered once; the next wait ends by its timeout")
    func ringRemembered() async {
        let bell = Doorbell()
        bell.ring()
        #expect(await Self.elapsed { await bell.wait(timeout: .seconds(120)) } < .seconds(60))
        #expect(await Self.elapsed { await bell.wait(timeout: .milliseconds(200)) } >= .milliseconds(190))
    }

    @Test("a ring wakes a waiter, and that wait's timer cannot wake the next one")
    func ringWakesAndOldTimerIsHarmless() async {
        let bell = Doorbell()
        async let woken = Self.elapsed { await bell.wait(timeout: .seconds(120)) }
        try? await Task.sleep(for: .milliseconds(50))
        bell.ring()
        #expect(await woken < .seconds(60))
        async let first: Void = bell.wait(timeout: .seconds(1))
        try? await Task.sleep(for: .milliseconds(50))
        bell.ring()
        await first
        // The first wait's 1 s timer would end this one early if it were still armed.
        #expect(await Self.elapsed { await bell.wait(timeout: .seconds(3)) } >= .milliseconds(2990))
    }

    @Test("cancelling the waiting task ends the wait")
    func cancellation() async {
        let bell = Doorbell()
        let waiter = Task { await Self.elapsed { await bell.wait(timeout: .seconds(120)) } }
        try? await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        #expect(await waiter.value < .seconds(60))
    }
}
