import ArgumentParser
import CCSDTime
import CCSDZoneInfo
import Foundation

/// `ccsctl calendar`: normalizes calendar expressions and lists their next elapses, like `systemd-analyze calendar`.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Normalize OnCalendar= expressions and show their next elapses (like systemd-analyze calendar)."
    )

    @Argument(help: "Calendar expressions, e.g. 'Mon..Fri 09:00 Asia/Shanghai'.")
    var expressions: [String]

    @Option(help: "How many elapses to show per expression.")
    var iterations: Int = 1

    @Option(help: "Compute elapses after this time instead of now (RFC 3339 or 'YYYY-MM-DD HH:MM:SS [ZONE]').")
    var baseTime: String?

    @Flag(help: "Print JSON: {\"normalized\": …, \"elapses\": [UTC RFC 3339 times]} (an array for several).")
    var json = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        let database = ZoneDatabase()
        let local = database.localZone()
        let now = Instant(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
        var base = now
        if let baseTime {
            guard let parsed = CalendarCommand.parseTime(baseTime, zones: database, local: local) else {
                throw ValidationError("--base-time: cannot parse \"\(baseTime)\"")
            }
            base = parsed
        }
        var failed = false
        var objects: [String] = []
        for (index, expression) in expressions.enumerated() {
            let spec: CalendarSpec
            do {
                spec = try CalendarSpec.parse(expression, zones: database)
            } catch {
                FileHandle.standardError.write(Data("ccsctl calendar: \(error)\n".utf8))
                failed = true
                continue
            }
            var elapses: [Instant] = []
            var t = base
            while elapses.count < iterations, let next = spec.nextElapse(after: t, defaultZone: local) {
                elapses.append(next)
                t = next
            }
            if json {
                let times = elapses.map { "\"\(CalendarCommand.rfc3339UTC($0))\"" }.joined(separator: ", ")
                objects.append(
                    "{\"normalized\": \(CalendarCommand.jsonString(spec.normalized)), \"elapses\": [\(times)]}")
            } else {
                if index > 0 { print() }
                printHuman(expression, spec: spec, elapses: elapses, local: local, now: now)
            }
        }
        if json {
            print(
                objects.count == 1 && expressions.count == 1 ? objects[0] : "[" + objects.joined(separator: ", ") + "]")
        }
        if failed { throw ExitCode(1) }
    }

    private func printHuman(
        _ expression: String, spec: CalendarSpec, elapses: [Instant], local: ZoneRules, now: Instant
    ) {
        if expression != spec.normalized { print("  Original form: \(expression)") }
        print("Normalized form: \(spec.normalized)")
        guard !elapses.isEmpty else {
            print("    Next elapse: never")
            return
        }
        let showUTC = local.identifier != "UTC" && local.identifier != "Etc/UTC"
        for (i, elapse) in elapses.enumerated() {
            let label = i == 0 ? "Next elapse" : "Iter. #\(i + 1)"
            print(
                String(repeating: " ", count: max(0, 15 - label.count)) + "\(label): "
                    + CalendarCommand.format(elapse, in: local))
            if showUTC { print("       (in UTC): " + CalendarCommand.format(elapse, in: .utc)) }
            print("       From now: " + CalendarCommand.relative(elapse, now: now))
        }
    }

    // MARK: - Formatting

    private static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Mon 2026-03-30 09:00:00 CEST`, as systemd prints timestamps.
    static func format(_ instant: Instant, in zone: ZoneRules) -> String {
        let local = zone.localDateTime(at: instant)
        let time = String(format: "%02d:%02d:%02d", local.hour, local.minute, local.second)
        return "\(weekdayNames[local.date.weekday - 1]) \(local.date) \(time) \(zone.abbreviation(at: instant))"
    }

    /// `2026-03-30T07:00:00Z`, with microseconds only when they are not zero.
    static func rfc3339UTC(_ instant: Instant) -> String {
        let local = ZoneRules.utc.localDateTime(at: instant)
        var text = "\(local.date)T" + String(format: "%02d:%02d:%02d", local.hour, local.minute, local.second)
        if local.microsecond != 0 { text += String(format: ".%06d", local.microsecond) }
        return text + "Z"
    }

    /// systemd's relative form: `19h left`, `3 weeks 1 day ago`.
    static func relative(_ instant: Instant, now: Instant) -> String {
        let delta = instant.microseconds - now.microseconds
        let d = delta < 0 ? -delta : delta
        let suffix = delta < 0 ? " ago" : " left"
        let (sec, minute, hour, day): (Int64, Int64, Int64, Int64) = (
            1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000
        )
        let (week, month, year) = (7 * day, 2_629_800 * sec, 31_557_600 * sec)
        func plural(_ n: Int64, _ unit: String) -> String { "\(n) \(unit)\(n == 1 ? "" : "s")" }
        let text: String
        switch d {
        case year...: text = plural(d / year, "year") + " " + plural(d % year / month, "month")
        case month...: text = plural(d / month, "month") + " " + plural(d % month / day, "day")
        case week...: text = plural(d / week, "week") + " " + plural(d % week / day, "day")
        case (2 * day)...: text = plural(d / day, "day")
        case (25 * hour)...: text = "1 day \((d - day) / hour)h"
        case (6 * hour)...: text = "\(d / hour)h"
        case hour...: text = "\(d / hour)h \(d % hour / minute)min"
        case (5 * minute)...: text = "\(d / minute)min"
        case minute...: text = "\(d / minute)min \(d % minute / sec)s"
        case sec...: text = "\(d / sec)s"
        case 1000...: text = "\(d / 1000)ms"
        case 1...: text = "\(d)us"
        default: return "now"
        }
        return text + suffix
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: - Parsing base times

    /// RFC 3339 (`2026-03-28T12:00:00Z`, `…+08:00`), `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]] [ZONE]`, `@EPOCH` or `now`.
    static func parseTime(_ text: String, zones: ZoneDatabase, local: ZoneRules) -> Instant? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "now" { return Instant(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000)) }
        if trimmed.hasPrefix("@"), let seconds = Double(trimmed.dropFirst()) {
            return Instant(microseconds: Int64((seconds * 1_000_000).rounded()))
        }
        var words = trimmed.split(separator: " ").map(String.init)
        var zone = local
        var fixedOffset: Int?
        if words.count >= 2, let last = words.last {
            if last.uppercased() == "UTC" || last == "Z" {
                zone = .utc
                words.removeLast()
            } else if let named = zones.zone(named: last) {
                zone = named
                words.removeLast()
            }
        }
        var datePart = words.first ?? ""
        var timePart = words.count > 1 ? words[1] : "00:00:00"
        guard words.count <= 2 else { return nil }
        if words.count == 1, let t = datePart.firstIndex(where: { $0 == "T" || $0 == "t" }) {
            timePart = String(datePart[datePart.index(after: t)...])
            datePart = String(datePart[..<t])
        }
        if timePart.hasSuffix("Z") || timePart.hasSuffix("z") {
            fixedOffset = 0
            timePart.removeLast()
        } else if let sign = timePart.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let parts = timePart[timePart.index(after: sign)...].split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            fixedOffset = (timePart[sign] == "-" ? -1 : 1) * (parts[0] * 3600 + parts[1] * 60)
            timePart = String(timePart[..<sign])
        }
        guard let date = CivilDate.parse(datePart) else { return nil }
        let fields = timePart.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), let hour = Int(fields[0]), let minute = Int(fields[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        var micros = 0
        if fields.count == 3 {
            guard let seconds = Double(fields[2]), seconds >= 0, seconds < 61 else { return nil }
            micros = Int((seconds * 1_000_000).rounded())
        }
        let local = LocalDateTime(
            date: date, hour: hour, minute: minute, second: micros / 1_000_000, microsecond: micros % 1_000_000)
        if let fixedOffset { return Instant(microseconds: local.wallMicroseconds - Int64(fixedOffset) * 1_000_000) }
        return zone.instant(for: local)
            ?? zone.instant(for: LocalDateTime(wallMicroseconds: local.wallMicroseconds + 3_600_000_000))
    }
}
