extension PosixTimeZone {
    /// Parses a POSIX TZ string (`EST5EDT,M3.2.0,M11.1.0`, `<+0330>-3:30`, `CST-8`); nil if malformed.
    init?(parsing text: String) {
        var scanner = ByteScanner(Array(text.utf8))
        guard let std = scanner.zoneName(), let stdWest = scanner.signedTime(maxHours: 24) else { return nil }
        standardName = std
        standardOffset = -stdWest
        daylightName = nil
        daylightOffset = standardOffset
        start = nil
        end = nil
        if scanner.atEnd { return }
        guard let dst = scanner.zoneName() else { return nil }
        daylightName = dst
        if let peek = scanner.peek, peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") || scanner.peekDigit {
            guard let dstWest = scanner.signedTime(maxHours: 24) else { return nil }
            daylightOffset = -dstWest
        } else {
            daylightOffset = standardOffset + 3600
        }
        if scanner.atEnd || (scanner.peek == UInt8(ascii: ",") && scanner.remaining == 1) {
            // No rule: glibc falls back to its posixrules file, which is US rules.
            start = Boundary(date: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
            end = Boundary(date: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
            return
        }
        guard scanner.consume(","), let s = scanner.boundary(), scanner.consume(","), let e = scanner.boundary(),
            scanner.atEnd
        else { return nil }
        start = s
        end = e
    }
}

/// A cursor over ASCII bytes for the small grammars in this module.
struct ByteScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var remaining: Int { bytes.count - index }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var peekDigit: Bool { peek.map { $0 >= 48 && $0 <= 57 } ?? false }

    mutating func consume(_ c: Character) -> Bool {
        guard let p = peek, p == c.asciiValue else { return false }
        index += 1
        return true
    }

    mutating func number() -> Int? {
        var value = 0
        var any = false
        while let p = peek, p >= 48, p <= 57, value < 100_000 {
            value = value * 10 + Int(p - 48)
            index += 1
            any = true
        }
        return any ? value : nil
    }

    /// `<...>` or three or more letters.
    mutating func zoneName() -> String? {
        if consume("<") {
            let begin = index
            while let p = peek, p != UInt8(ascii: ">") { index += 1 }
            guard consume(">"), index - begin >= 4 else { return nil }
            return String(decoding: bytes[begin..<(index - 1)], as: UTF8.self)
        }
        let begin = index
        while let p = peek, (p | 0x20) >= 97, (p | 0x20) <= 122 { index += 1 }
        guard index - begin >= 3 else { return nil }
        return String(decoding: bytes[begin..<index], as: UTF8.self)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    mutating func signedTime(maxHours: Int) -> Int? {
        var sign = 1
        if consume("-") { sign = -1 } else { _ = consume("+") }
        guard let h = number(), h <= maxHours else { return nil }
        var total = h * 3600
        if consume(":") {
            guard let m = number(), m < 60 else { return nil }
            total += m * 60
            if consume(":") {
                guard let s = number(), s < 60 else { return nil }
                total += s
            }
        }
        return sign * total
    }

    mutating func boundary() -> PosixTimeZone.Boundary? {
        let date: PosixTimeZone.DateRule
        if consume("J") {
            guard let n = number(), (1...365).contains(n) else { return nil }
            date = .julianNoLeap(n)
        } else if consume("M") {
            guard let m = number(), (1...12).contains(m), consume("."), let w = number(), (1...5).contains(w),
                consume("."), let d = number(), d <= 6
            else { return nil }
            date = .monthWeekDay(month: m, week: w, weekday: d)
        } else {
            guard let n = number(), n <= 365 else { return nil }
            date = .julianZero(n)
        }
        var time = 7200
        if consume("/") {
            guard let t = signedTime(maxHours: 167) else { return nil }
            time = t
        }
        return PosixTimeZone.Boundary(date: date, time: time)
    }
}
