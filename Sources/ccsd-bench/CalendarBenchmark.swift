import CCSDTime
import CCSDZoneInfo

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures next-elapse computations per second for typical policy expressions.
///
/// Part of `ccsd-bench`; build with `-c release`.
struct CalendarBenchmark {
    static let expressions = [
        "Mon *-*-* 09:00:00 Asia/Shanghai",
        "*-*-01 09:00 Europe/Berlin",
        "Mon..Fri *-*-* 18:00 America/New_York",
        "*-*-* *:00/15:00 Europe/Berlin",
        "*-*~01 17:00 Australia/Sydney",
    ]

    struct Result {
        var expression: String
        var median: Double
        var runs: [Double]
        var referenceRate: Double
    }

    var iterations = 2_000_000
    var jsonPath: String?

    func run() -> [Result] {
        let database = ZoneDatabase()
        // Base instants spread over 2020…2035, so DST changes are crossed in their natural proportion.
        var state: UInt64 = 0x5EED
        let bases = (0..<4096).map { _ -> Instant in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Instant(seconds: 1_577_836_800 + Int64(state >> 33) % 473_040_000)
        }
        return Self.expressions.map { expression in
            let spec = try! CalendarSpec.parse(expression, zones: database)
            var runs: [Double] = []
            for _ in 0..<5 {
                runs.append(rate(count: iterations, bases: bases) { spec.nextElapse(after: $0, defaultZone: .utc) })
            }
            let reference = rate(count: iterations / 50, bases: bases) {
                spec.referenceNextElapse(after: $0, defaultZone: .utc)
            }
            return Result(expression: expression, median: runs.sorted()[2], runs: runs, referenceRate: reference)
        }
    }

    /// Calls per second of `body` over `count` calls cycling through `bases`.
    private func rate(count: Int, bases: [Instant], _ body: (Instant) -> Instant?) -> Double {
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        let start = clock.now
        for i in 0..<count {
            checksum &+= body(bases[i & 4095])?.microseconds ?? 0
        }
        let elapsed = clock.now - start
        if checksum == 42 { print("") }  // keeps the work observable
        return Double(count) / elapsed.seconds
    }

    func printTable(_ results: [Result]) {
        let width = Self.expressions.map(\.count).max() ?? 0
        print("expression".padding(width) + "   median/s      min/s      max/s   reference/s")
        for result in results {
            print(
                result.expression.padding(width) + formatRate(result.median) + formatRate(result.runs.min() ?? 0)
                    + formatRate(result.runs.max() ?? 0) + formatRate(result.referenceRate))
        }
    }

    func json(_ results: [Result]) -> String {
        let entries = results.map { result in
            "  {\"expression\": \"\(result.expression)\", \"median_per_second\": \(Int(result.median)), "
                + "\"runs_per_second\": [\(result.runs.map { String(Int($0)) }.joined(separator: ", "))], "
                + "\"reference_per_second\": \(Int(result.referenceRate))}"
        }
        return "{\"benchmark\": \"CalendarSpec.nextElapse\", \"iterations\": \(iterations), \"results\": [\n"
            + entries.joined(separator: ",\n") + "\n]}\n"
    }

    private func formatRate(_ value: Double) -> String {
        let text = String(Int(value.rounded()))
        return String(repeating: " ", count: max(0, 12 - text.count)) + text
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}

extension Duration {
    /// In seconds, for rates.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
