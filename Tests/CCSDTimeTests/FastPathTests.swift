import CCSDTime
import CCSDZoneInfo
import Testing

/// The mask-based `nextElapse` must agree with the step-by-step systemd mirror everywhere.
struct FastPathTests {
    @Test func fastPathAgreesWithReference() {
        let database = ZoneDatabase()
        var generator = ExpressionGenerator(seed: 0xFA57_2026)
        var disagreements: [String] = []
        var checked = 0
        for _ in 0..<3000 {
            let expression = generator.expression()
            guard let spec = try? CalendarSpec.parse(expression, zones: database) else { continue }
            let defaultZone = database.zone(named: generator.random.pick(ExpressionGenerator.zones)) ?? .utc
            // Anywhere from 2017 to 2031, to the microsecond.
            var t = Instant(microseconds: Int64(generator.random.int(1_483_228_800...1_924_991_999)) * 1_000_000)
            for _ in 0..<10 {
                let fast = spec.nextElapse(after: t, defaultZone: defaultZone)
                let reference = spec.referenceNextElapse(after: t, defaultZone: defaultZone)
                checked += 1
                if fast != reference {
                    disagreements.append(
                        "[\(expression)] zone \(defaultZone.identifier) after \(t.microseconds): "
                            + "fast \(String(describing: fast?.microseconds)) "
                            + "reference \(String(describing: reference?.microseconds))")
                    break
                }
                guard let next = reference else { break }
                t = next
            }
        }
        #expect(checked > 10_000)
        #expect(disagreements.isEmpty, "\(disagreements.count):\n\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}
