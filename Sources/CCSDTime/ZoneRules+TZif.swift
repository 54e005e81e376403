/// Why TZif data could not be read.
public struct ZoneRulesError: Error, Sendable, CustomStringConvertible {
    public let identifier: String
    public let reason: String

    public var description: String { "invalid time zone data for \(identifier): \(reason)" }
}

extension ZoneRules {
    /// Parses TZif data (versions 1 to 4) including the POSIX TZ footer used after the last transition.
    public init(identifier: String, tzif: [UInt8]) throws {
        func fail(_ reason: String) -> ZoneRulesError { ZoneRulesError(identifier: identifier, reason: reason) }
        var reader = TZifReader(bytes: tzif)
        guard let header = reader.header() else { throw fail("not a TZif file") }
        var block = header
        var timeSize = 4
        if header.version >= 2 {
            guard reader.skip(header.v1DataSize), let second = reader.header() else {
                throw fail("truncated version 2 header")
            }
            block = second
            timeSize = 8
        }
        var transitions: [Int64] = []
        transitions.reserveCapacity(block.timeCount)
        for _ in 0..<block.timeCount {
            guard let t = reader.signed(timeSize) else { throw fail("truncated transitions") }
            transitions.append(t)
        }
        var typeIndices: [Int] = []
        for _ in 0..<block.timeCount {
            guard let i = reader.unsigned(1), i < block.typeCount else { throw fail("bad transition type") }
            typeIndices.append(Int(i))
        }
        var raw: [(offset: Int, isDST: Bool, abbr: Int)] = []
        for _ in 0..<block.typeCount {
            guard let offset = reader.signed(4), let dst = reader.unsigned(1), let abbr = reader.unsigned(1) else {
                throw fail("truncated local time types")
            }
            raw.append((Int(offset), dst != 0, Int(abbr)))
        }
        guard let charSlice = reader.take(block.charCount) else { throw fail("truncated abbreviations") }
        let chars = Array(charSlice)
        let types = raw.map { type in
            let tail = chars[min(type.abbr, chars.count)...]
            let name = tail.prefix { $0 != 0 }
            return LocalTimeType(
                offset: type.offset, isDST: type.isDST, abbreviation: String(decoding: name, as: UTF8.self))
        }
        guard !types.isEmpty else { throw fail("no local time types") }
        var footer: PosixTimeZone?
        if header.version >= 2,
            reader.skip(block.leapCount * (timeSize + 4) + block.isStdCount + block.isUTCCount),
            reader.unsigned(1) == 10
        {
            let rest = reader.bytes[reader.offset...].prefix { $0 != 10 }
            if !rest.isEmpty { footer = PosixTimeZone(parsing: String(decoding: rest, as: UTF8.self)) }
        }
        self.init(
            identifier: identifier,
            tables: Tables(transitions: transitions, typeIndices: typeIndices, types: types, footer: footer))
    }
}

/// Big-endian reading over TZif bytes.
struct TZifReader {
    struct Header {
        var version: Int
        var isUTCCount, isStdCount, leapCount, timeCount, typeCount, charCount: Int

        var v1DataSize: Int {
            timeCount * 5 + typeCount * 6 + charCount + leapCount * 8 + isStdCount + isUTCCount
        }
    }

    let bytes: [UInt8]
    var offset = 0

    mutating func header() -> Header? {
        guard offset + 44 <= bytes.count, bytes[offset..<(offset + 4)].elementsEqual("TZif".utf8) else { return nil }
        let versionByte = bytes[offset + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - 48
        offset += 20
        var counts: [Int] = []
        for _ in 0..<6 {
            guard let c = unsigned(4) else { return nil }
            counts.append(Int(c))
        }
        return Header(
            version: version, isUTCCount: counts[0], isStdCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, offset + n <= bytes.count else { return false }
        offset += n
        return true
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, offset + n <= bytes.count else { return nil }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func unsigned(_ size: Int) -> UInt64? {
        guard let slice = take(size) else { return nil }
        return slice.reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func signed(_ size: Int) -> Int64? {
        guard let value = unsigned(size) else { return nil }
        let shift = UInt64(64 - size * 8)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }
}
