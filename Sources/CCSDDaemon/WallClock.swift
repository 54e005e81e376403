import CCSDTime
import Foundation
import Synchronization

/// Where the daemon reads the time: the system's wall clock, or a manual clock in tests.
public protocol WallClock: Sendable {
    func now() -> Instant
}

/// `CLOCK_REALTIME`, to the microsecond.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}

/// A clock tests set and advance by hand.
public final class ManualClock: WallClock {
    private let current: Mutex<Instant>

    public init(_ start: Instant) {
        current = Mutex(start)
    }

    public func now() -> Instant { current.withLock { $0 } }

    public func set(_ instant: Instant) { current.withLock { $0 = instant } }

    public func advance(by span: TimeSpan) { current.withLock { $0 = $0 + span } }
}

/// CLOCK_MONOTONIC in microseconds, for `MONOTONIC_USEC=` and for noticing wall-clock jumps.
func monotonicMicroseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}
