/// Random calendar expressions from a fixed seed, valid and invalid, for differential tests.
struct ExpressionGenerator {
    /// SplitMix64: tiny, fast and the same on every platform.
    struct Random {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    var random: Random

    init(seed: UInt64) {
        random = Random(state: seed)
    }

    static let zones = [
        "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Shanghai", "UTC", "America/Sao_Paulo",
        "Pacific/Chatham", "Asia/Tehran",
    ]

    mutating func expression() -> String {
        var parts: [String] = []
        if random.chance(8) {
            parts.append(
                random.pick([
                    "minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly",
                    "semiannually", "bi-annually", "DAILY", "Weekly",
                ]))
        } else {
            if random.chance(35) { parts.append(weekdays()) }
            if random.chance(75) { parts.append(date()) }
            if random.chance(85) { parts.append(time()) }
            if parts.isEmpty { parts.append(time()) }
        }
        if random.chance(75) { parts.append(random.chance(10) ? "utc" : random.pick(ExpressionGenerator.zones)) }
        var text = parts.joined(separator: " ")
        if random.chance(3) { text = corrupt(text) }
        return text
    }

    private mutating func weekdays() -> String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let long = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        var items: [String] = []
        for _ in 0..<random.int(1...3) {
            let a = random.int(0...6)
            let first = random.chance(20) ? long[a] : names[a]
            if random.chance(40) {
                let b = random.int(a...6)
                let separator = random.chance(20) ? "-" : ".."
                items.append(first + separator + (random.chance(20) ? long[b] : names[b]))
            } else {
                items.append(first)
            }
        }
        var text = items.joined(separator: ",")
        if random.chance(20) { text = text.lowercased() }
        return text
    }

    private mutating func field(_ range: ClosedRange<Int>, width: Int, star: Int = 40) -> String {
        if random.chance(star) { return "*" }
        var items: [String] = []
        for _ in 0..<(random.chance(75) ? 1 : random.int(2...3)) {
            let a = random.int(range)
            let pad = { (v: Int) -> String in
                let s = String(v)
                return String(repeating: "0", count: max(0, width - s.count)) + s
            }
            switch random.int(0...9) {
            case 0...5: items.append(pad(a))
            case 6: items.append(pad(a) + ".." + pad(min(range.upperBound, a + random.int(0...10))))
            case 7: items.append(pad(a) + "/" + String(random.int(1...max(1, range.count / 3))))
            case 8:
                items.append(
                    pad(a) + ".." + pad(min(range.upperBound, a + random.int(1...20))) + "/"
                        + String(random.int(1...5)))
            default: items.append(pad(min(range.upperBound, a + 1)))
            }
        }
        return items.joined(separator: ",")
    }

    private mutating func date() -> String {
        let day = field(1...31, width: 2, star: 45)
        let month = field(1...12, width: 2, star: 55)
        if random.chance(12) { return "\(random.chance(50) ? "*" : month)~\(field(1...8, width: 2, star: 0))" }
        if random.chance(20) { return "\(month)-\(day)" }
        let year = random.chance(75) ? "*" : field(random.chance(20) ? 20...40 : 2024...2040, width: 4, star: 0)
        if random.chance(10) { return "\(year)-\(month)~\(field(1...7, width: 2, star: 0))" }
        return "\(year)-\(month)-\(day)"
    }

    private mutating func time() -> String {
        var text = field(0...23, width: 2, star: 20) + ":" + field(0...59, width: 2, star: 15)
        if random.chance(50) {
            var seconds = field(0...59, width: 2, star: 25)
            if seconds != "*" && random.chance(20) { seconds += "." + String(random.int(0...999_999)) }
            text += ":" + seconds
        }
        return text
    }

    private mutating func corrupt(_ text: String) -> String {
        var chars = Array(text)
        guard !chars.isEmpty else { return "x" }
        let i = random.int(0...(chars.count - 1))
        chars[i] = random.pick(["x", ".", "-", "~", ":", ",", "/", "9", " "])
        return String(chars)
    }
}
