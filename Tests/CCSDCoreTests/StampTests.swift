import CCSDTime
import Testing

@testable import CCSDCore

@Suite("Stamps inside identities")
struct StampTests {
    @Test("the byte-written stamp spells what the interpolated one spelled, and parses back")
    func stampMatchesSpelling() {
        #expect(Instant(seconds: 1_772_413_200).stamp == "2026-03-02T01:00Z")
        #expect(Instant(seconds: 1_772_413_230).stamp == "2026-03-02T01:00:30Z")
        #expect(Instant(microseconds: 1_772_413_200_500_000).stamp == "2026-03-02T01:00:00.500000Z")
        #expect(Instant(seconds: 0).stamp == "1970-01-01T00:00Z")
        var generator = SystemRandomNumberGenerator()
        var samples = [Int64(0), -1, 253_402_300_799_999_999, -62_167_219_200_000_000]
        for _ in 0..<2000 {
            let micros = Int64.random(in: -62_167_219_200_000_000...253_402_300_799_999_999, using: &generator)
            // Whole minutes, whole seconds and any microsecond: the three shapes a stamp takes.
            samples += [micros / 60_000_000 * 60_000_000, micros / 1_000_000 * 1_000_000, micros]
        }
        for micros in samples {
            let instant = Instant(microseconds: micros)
            let local = ZoneRules.utc.localDateTime(at: instant)
            #expect(instant.stamp == Instant.spelledStamp(local), "\(micros)")
            #expect(Instant(stamp: instant.stamp) == instant, "\(micros)")
        }
        // Outside the fast path's four-digit years the spelled form is used.
        let late = Instant(microseconds: 253_402_300_800_000_000)
        #expect(late.stamp == Instant.spelledStamp(ZoneRules.utc.localDateTime(at: late)))
    }
}
