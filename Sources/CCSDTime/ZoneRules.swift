/// The rules of one time zone: its UTC offset at every instant, as glibc's localtime computes it.
public struct ZoneRules: Sendable, Hashable {
    /// A local time type of a TZif file: offset, DST flag and abbreviation.
    struct LocalTimeType: Sendable, Hashable {
        var offset: Int
        var isDST: Bool
        var abbreviation: String
    }

    /// Immutable shared tables, so copying a zone is cheap.
    final class Tables: Sendable {
        /// Transition instants (seconds since the epoch), ascending.
        let transitions: [Int64]
        /// Offset after each transition (seconds east).
        let offsets: [Int]
        /// DST flag after each transition.
        let dstFlags: [Bool]
        /// Type index after each transition.
        let typeIndices: [Int]
        let types: [LocalTimeType]
        /// The type in effect before the first transition.
        let initialType: Int
        /// The rule for instants at or after the last transition.
        let footer: PosixTimeZone?

        init(transitions: [Int64], typeIndices: [Int], types: [LocalTimeType], footer: PosixTimeZone?) {
            self.transitions = transitions
            self.typeIndices = typeIndices
            self.types = types
            self.offsets = typeIndices.map { types[$0].offset }
            self.dstFlags = typeIndices.map { types[$0].isDST }
            self.initialType = types.firstIndex { !$0.isDST } ?? 0
            self.footer = transitions.isEmpty ? nil : footer
        }
    }

    public let identifier: String
    let tables: Tables

    init(identifier: String, tables: Tables) {
        self.identifier = identifier
        self.tables = tables
    }

    /// Coordinated Universal Time.
    public static let utc = ZoneRules(
        identifier: "UTC",
        tables: Tables(
            transitions: [], typeIndices: [], types: [.init(offset: 0, isDST: false, abbreviation: "UTC")],
            footer: nil))

    /// A zone governed by a POSIX TZ rule only (as `TZ=CST-8` is).
    public init?(identifier: String, posixRule: String) {
        guard let rule = PosixTimeZone(parsing: posixRule) else { return nil }
        let std = LocalTimeType(offset: rule.standardOffset, isDST: false, abbreviation: rule.standardName)
        // One transition at the dawn of time makes every instant use the rule.
        self.init(
            identifier: identifier,
            tables: Tables(transitions: [Int64.min / 2], typeIndices: [0], types: [std], footer: rule))
    }

    public static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool {
        lhs.identifier == rhs.identifier
            && (lhs.tables === rhs.tables
                || (lhs.tables.transitions == rhs.tables.transitions && lhs.tables.types == rhs.tables.types
                    && lhs.tables.typeIndices == rhs.tables.typeIndices && lhs.tables.footer == rhs.tables.footer))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
        hasher.combine(tables.transitions.count)
    }
}

extension ZoneRules {
    /// Index of the last transition at or before `t`, or -1.
    @inline(__always)
    func transitionIndex(at t: Int64) -> Int {
        tables.transitions.withUnsafeBufferPointer { buffer in
            var low = 0
            var high = buffer.count
            while low < high {
                let mid = (low &+ high) >> 1
                if buffer[mid] <= t { low = mid + 1 } else { high = mid }
            }
            return low - 1
        }
    }

    /// Offset east of UTC and DST flag in effect at `t` (seconds since the epoch).
    @inline(__always)
    func offsetAndDST(atSecond t: Int64) -> (offset: Int, isDST: Bool) {
        let i = transitionIndex(at: t)
        if i < 0 {
            let type = tables.types[tables.initialType]
            return (type.offset, type.isDST)
        }
        if i == tables.transitions.count - 1, let footer = tables.footer {
            return footer.offset(at: t)
        }
        return (tables.offsets[i], tables.dstFlags[i])
    }

    /// The first instant after `t` at which the offset may change, or nil if it never does.
    func nextTransition(after t: Int64) -> Int64? {
        let i = transitionIndex(at: t)
        if i + 1 < tables.transitions.count { return tables.transitions[i + 1] }
        return tables.footer?.nextChange(after: t)
    }

    /// Seconds east of UTC in effect at `instant`.
    public func offset(at instant: Instant) -> Int {
        offsetAndDST(atSecond: instant.seconds).offset
    }

    /// Whether daylight saving time is in effect at `instant`.
    public func isDaylightSavingTime(at instant: Instant) -> Bool {
        offsetAndDST(atSecond: instant.seconds).isDST
    }

    /// The wall clock at `instant`.
    public func localDateTime(at instant: Instant) -> LocalDateTime {
        let offset = Int64(offset(at: instant))
        return LocalDateTime(wallMicroseconds: instant.microseconds + offset * 1_000_000)
    }

    /// The local date at `instant`.
    public func date(at instant: Instant) -> CivilDate {
        localDateTime(at: instant).date
    }

    /// The zone abbreviation at `instant`, such as `CEST`.
    public func abbreviation(at instant: Instant) -> String {
        let t = instant.seconds
        let i = transitionIndex(at: t)
        if i < 0 { return tables.types[tables.initialType].abbreviation }
        if i == tables.transitions.count - 1, let footer = tables.footer {
            return footer.offset(at: t).isDST ? footer.daylightName ?? footer.standardName : footer.standardName
        }
        return tables.types[tables.typeIndices[i]].abbreviation
    }
}
