import CCSDTime
import Foundation

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Where policies are looked for when none is named.
enum PolicyPaths {
    /// `./policies` in a checkout, else the installed `/etc/ccsd/policies`.
    static var defaultDirectory: String {
        var isDirectory: ObjCBool = false
        let local =
            FileManager.default.fileExists(atPath: "policies", isDirectory: &isDirectory) && isDirectory.boolValue
        return local ? "policies" : "/etc/ccsd/policies"
    }
}

/// Formatting of instants for people (local time) and machines (RFC 3339 UTC).
enum TimeFormat {
    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `2026-12-01 Tue 08:30` in `zone`.
    static func local(_ instant: Instant, _ zone: ZoneRules) -> String {
        let t = zone.localDateTime(at: instant)
        return "\(t.date) \(weekdays[t.date.weekday - 1]) \(two(t.hour)):\(two(t.minute))"
    }

    /// `2026-12-01T00:30:00Z`, with microseconds only when there are any.
    static func rfc3339(_ instant: Instant) -> String {
        let t = ZoneRules.utc.localDateTime(at: instant)
        var text = "\(t.date)T\(two(t.hour)):\(two(t.minute)):\(two(t.second))"
        if t.microsecond != 0 { text += ".\(String(1_000_000 + t.microsecond).dropFirst())" }
        return text + "Z"
    }

    /// `2026-12-01T08:30:00+08:00` in `zone`.
    static func rfc3339(_ instant: Instant, _ zone: ZoneRules) -> String {
        let t = zone.localDateTime(at: instant)
        let offset = zone.offset(at: instant)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return
            "\(t.date)T\(two(t.hour)):\(two(t.minute)):\(two(t.second))\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// Parses `2026-12-01T08:30:00+08:00`, `2026-12-01T00:30:00Z`, `2026-12-01 08:30[:00]` or `2026-12-01`
    /// (the last two in `zone`).
    static func parse(_ text: String, zone: ZoneRules) -> Instant? {
        let text = text.trimmingCharacters(in: .whitespaces)
        let datePart = String(text.prefix(10))
        guard let date = CivilDate.parse(datePart) else { return nil }
        var rest = Substring(text.dropFirst(10))
        if rest.isEmpty { return zone.startOfDay(date) }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        var offset: Int?
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offset = 0
            rest = rest.dropLast()
        } else if rest.count >= 6, let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zoneText = rest[signIndex...]
            let parts = zoneText.dropFirst().split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            offset = (zoneText.first == "-" ? -1 : 1) * (h * 3600 + m * 60)
            rest = rest[..<signIndex]
        }
        let fields = rest.split(separator: ":")
        guard fields.count == 2 || fields.count == 3, let hour = Int(fields[0]), let minute = Int(fields[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        var second = 0
        var micros = 0
        if fields.count == 3 {
            let secondParts = fields[2].split(separator: ".", maxSplits: 1)
            guard let s = Int(secondParts[0]), (0..<61).contains(s) else { return nil }
            second = s
            if secondParts.count == 2 {
                let digits = String(secondParts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
                guard let us = Int(digits) else { return nil }
                micros = us
            }
        }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second, microsecond: micros)
        if let offset {
            let utc = ZoneRules.utc.instant(for: local)!
            return Instant(microseconds: utc.microseconds - Int64(offset) * 1_000_000)
        }
        return zone.instant(for: local)
    }
}
