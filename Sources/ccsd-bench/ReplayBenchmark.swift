import CCSDConfig
import CCSDCore
import CCSDTime
import CCSDZoneInfo

/// Measures what waking a sleeping person costs the engine: replaying their inputs from the start of supervision,
/// for histories of growing length, under the shipped `ordinary` policy (a weekly phone report, a monthly
/// in-person one). The daemon's rebuild adds reading the rows and decoding the inputs to this.
///
/// The history: a person who reports within an hour of nine windows in ten and misses the rest.
struct ReplayBenchmark {
    static let days = [7, 30, 365, 3 * 365]

    struct Result {
        var days: Int
        var inputs: Int
        var actions: Int
        var microseconds: Double
    }

    var policyDirectory = "policies"

    func run() throws -> [Result] {
        let zones = ZoneDatabase()
        let (set, problems) = PolicySet.load([policyDirectory], zones: zones)
        guard problems.isEmpty, let policy = set.policies["ordinary"] else {
            throw BenchmarkError("cannot load \(policyDirectory)/ordinary.toml: \(problems)")
        }
        let shanghai = zones.zone(named: "Asia/Shanghai")!
        // A Monday noon, Beijing time.
        let now = Instant(seconds: 1_799_121_600)
        return try Self.days.map { days in
            let person = PersonRecord(
                caseID: "BJ-BENCH-1", timeZone: shanghai, supervisionStart: now - .days(Int64(days)))
            let inputs = try history(person, policy: policy, until: now)
            var actions = 0
            let microseconds = median(runs: 5) {
                actions = replay(person, policy: policy, inputs: inputs, until: now)
            }
            return Result(days: days, inputs: inputs.count, actions: actions, microseconds: microseconds)
        }
    }

    /// The check-ins of the person's history, as the daemon would have recorded them.
    private func history(_ person: PersonRecord, policy: Policy, until now: Instant) throws -> [CheckIn] {
        var engine = Supervision(person: person, policy: policy)
        var inputs: [CheckIn] = []
        var at = person.supervisionStart
        while at < now {
            at = at + .hours(1)
            _ = engine.advance(to: at)
            guard let open = engine.live.first(where: { $0.opened && $0.checkIn == nil }) else { continue }
            if open.opens.microseconds / 86_400_000_000 % 10 == 0 { continue }
            let checkIn = CheckIn(at: at, method: "in-person", recordedBy: "bench")
            _ = try engine.apply(.checkIn(checkIn), at: at)
            inputs.append(checkIn)
        }
        return inputs
    }

    /// Replays the history and returns how many actions it met.
    private func replay(_ person: PersonRecord, policy: Policy, inputs: [CheckIn], until now: Instant) -> Int {
        var engine = Supervision(person: person, policy: policy)
        var actions = 0
        for checkIn in inputs { actions += (try? engine.apply(.checkIn(checkIn), at: checkIn.at))?.count ?? 0 }
        return actions + engine.advance(to: now).count
    }

    /// The median over `runs` of the microseconds one call of `body` takes (each run repeats it for about 0.2 s).
    private func median(runs: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var results: [Double] = []
        for _ in 0..<runs {
            var calls = 0
            let start = clock.now
            var elapsed = Duration.zero
            while elapsed < .milliseconds(200) {
                body()
                calls += 1
                elapsed = clock.now - start
            }
            results.append(elapsed.seconds * 1e6 / Double(calls))
        }
        return results.sorted()[runs / 2]
    }

    func printTable(_ results: [Result]) {
        print("history   check-ins  actions  engine replay (µs, median of 5)")
        for result in results {
            print(
                "\(result.days) days".padding(10) + String(result.inputs).padding(11)
                    + String(result.actions).padding(9)
                    + String(Int(result.microseconds.rounded())))
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
