/// A point in time: microseconds since the Unix epoch (UTC), the resolution systemd uses.
///
/// The core never reads a clock; every instant comes from the caller.
public struct Instant: Hashable, Comparable, Sendable, Codable {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public init(seconds: Int64) {
        self.microseconds = seconds * 1_000_000
    }

    /// Whole seconds since the epoch, rounded towards negative infinity.
    public var seconds: Int64 {
        microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microseconds < rhs.microseconds
    }

    public static func + (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(microseconds: lhs.microseconds + rhs.microseconds)
    }

    public static func - (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(microseconds: lhs.microseconds - rhs.microseconds)
    }

    public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        TimeSpan(microseconds: lhs.microseconds - rhs.microseconds)
    }
}
