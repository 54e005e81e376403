import CCSDTime

extension Instant {
    /// A compact UTC stamp used inside identities: `2026-03-02T01:00Z`, seconds only when non-zero.
    public var stamp: String {
        let t = ZoneRules.utc.localDateTime(at: self)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(t.date)T\(two(t.hour)):\(two(t.minute))"
        if t.second != 0 || t.microsecond != 0 { text += ":\(two(t.second))" }
        if t.microsecond != 0 { text += ".\(String(1_000_000 + t.microsecond).dropFirst())" }
        return text + "Z"
    }
}

extension Instant {
    /// Parses a `stamp` (`2026-03-02T01:00Z`, `…:30Z`, `…:30.5Z`).
    public init?(stamp text: String) {
        guard text.hasSuffix("Z"), text.count >= 17, let date = CivilDate.parse(String(text.prefix(10))) else {
            return nil
        }
        let time = text.dropFirst(11).dropLast().split(separator: ":")
        guard time.count == 2 || time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]) else { return nil }
        var second = 0
        var micros = 0
        if time.count == 3 {
            let parts = time[2].split(separator: ".")
            guard let s = Int(parts[0]) else { return nil }
            second = s
            if parts.count == 2 {
                let digits = String(parts[1].prefix(6))
                guard let fraction = Int(digits) else { return nil }
                micros = fraction * [1, 100_000, 10_000, 1000, 100, 10, 1][digits.count]
            }
        }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second, microsecond: micros)
        self = Instant(microseconds: local.wallMicroseconds)
    }
}
