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
