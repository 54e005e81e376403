/// A length of time, written the way systemd writes them: `90s`, `15m`, `2h`, `3d`, `1w`, `1h 30min`.
public struct TimeSpan: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static func seconds(_ n: Int64) -> TimeSpan { TimeSpan(microseconds: n * 1_000_000) }
    public static func minutes(_ n: Int64) -> TimeSpan { .seconds(n * 60) }
    public static func hours(_ n: Int64) -> TimeSpan { .seconds(n * 3600) }
    public static func days(_ n: Int64) -> TimeSpan { .seconds(n * 86400) }
    public static let zero = TimeSpan(microseconds: 0)

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        TimeSpan(microseconds: lhs.microseconds + rhs.microseconds)
    }
    public static func * (lhs: TimeSpan, rhs: Int64) -> TimeSpan {
        TimeSpan(microseconds: lhs.microseconds * rhs)
    }

    /// Unit suffixes accepted by `parse`, as in systemd.time(7).
    private static let units: [(names: [String], micros: Int64)] = [
        (["us", "usec", "µs"], 1),
        (["ms", "msec"], 1000),
        (["s", "sec", "second", "seconds"], 1_000_000),
        (["m", "min", "minute", "minutes"], 60_000_000),
        (["h", "hr", "hour", "hours"], 3_600_000_000),
        (["d", "day", "days"], 86_400_000_000),
        (["w", "week", "weeks"], 604_800_000_000),
    ]

    /// Parses a systemd time span such as `90s`, `15m`, `2h 30min` or `3d`.
    ///
    /// A bare number is not accepted: policies must say which unit they mean.
    public static func parse(_ text: String) -> TimeSpan? {
        var total: Int64 = 0
        var rest = Substring(text).drop { $0 == " " }
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            guard let micros = units.first(where: { $0.names.contains(String(unit)) })?.micros else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: micros)
            guard !overflow, total <= Int64.max - product else { return nil }
            total += product
            rest = rest.dropFirst(unit.count).drop { $0 == " " }
        }
        return TimeSpan(microseconds: total)
    }

    /// systemd's spelling in days and smaller units: `10d`, `1d 2h`, `90s` → `1min 30s`, `0` for zero.
    public var description: String {
        if microseconds == 0 { return "0" }
        var rest = microseconds < 0 ? -microseconds : microseconds
        var parts: [String] = []
        let names: [(String, Int64)] = [
            ("d", 86_400_000_000), ("h", 3_600_000_000), ("min", 60_000_000),
            ("s", 1_000_000), ("ms", 1000), ("us", 1),
        ]
        for (name, size) in names where rest >= size {
            parts.append("\(rest / size)\(name)")
            rest %= size
        }
        return (microseconds < 0 ? "-" : "") + parts.joined(separator: " ")
    }
}
