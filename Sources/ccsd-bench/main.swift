import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ccsd-bench` prints the figures of issue 6 next to their baselines; see BENCHMARKS.md.
///
/// - `ccsd-bench [--json PATH] [--iterations N] [-- BENCH.PY OPTIONS]`: the calendar figure here, then the daemon
///   figures by `Benchmarks/bench.py`, which drives the real `ccsd` next to this binary and prints the table.
/// - `ccsd-bench calendar [--json PATH] [--iterations N]`: only the next-elapse figure.
/// - `ccsd-bench load --socket PATH [--method M] [--parameters JSON] [--clients N] [--depth D] [--seconds S]
///   [--persons N] [--prefix P]`: closed-loop Varlink load, D calls in flight per client; prints one JSON object.
/// - `ccsd-bench echo-server --socket PATH`: the echo baseline's server.
/// - `ccsd-bench replay [--policies DIR]`: what replaying a sleeping person's history costs the engine, by its length.
enum Main {
    static func usage() -> Never {
        print(
            """
            usage: ccsd-bench [--json PATH] [--iterations N] [-- bench.py options]
                   ccsd-bench calendar [--json PATH] [--iterations N]
                   ccsd-bench load --socket PATH [--method M] [--parameters JSON] [--clients N] [--depth D] [--seconds S] \
            [--persons N] [--prefix P]
                   ccsd-bench echo-server --socket PATH
                   ccsd-bench replay [--policies DIR]
            """)
        exit(2)
    }

    static func main() {
        var arguments = CommandLine.arguments.dropFirst()
        switch arguments.first {
        case "load":
            arguments.removeFirst()
            var load = LoadClient()
            while let argument = arguments.popFirst() {
                guard let value = arguments.popFirst() else { usage() }
                switch argument {
                case "--socket": load.socket = value
                case "--method": load.method = value
                case "--parameters": load.parameters = value
                case "--clients": load.clients = Int(value) ?? load.clients
                case "--depth": load.depth = max(1, Int(value) ?? load.depth)
                case "--seconds": load.seconds = Double(value) ?? load.seconds
                case "--persons": load.persons = Int(value) ?? load.persons
                case "--prefix": load.casePrefix = value
                default: usage()
                }
            }
            print(load.run())
        case "replay":
            arguments.removeFirst()
            var benchmark = ReplayBenchmark()
            if arguments.first == "--policies", arguments.count == 2 {
                benchmark.policyDirectory = arguments.last!
            } else if !arguments.isEmpty {
                usage()
            }
            do {
                benchmark.printTable(try benchmark.run())
            } catch {
                print("ccsd-bench: \(error)")
                exit(1)
            }
        case "echo-server":
            guard arguments.count == 3, arguments[arguments.startIndex + 1] == "--socket" else { usage() }
            EchoServer.run(socket: arguments.last!)
        case "calendar":
            arguments.removeFirst()
            var benchmark = CalendarBenchmark()
            parseCalendar(&arguments, into: &benchmark, allowRest: false)
            let results = benchmark.run()
            benchmark.printTable(results)
            if let path = benchmark.jsonPath, !writeFile(path, benchmark.json(results)) {
                print("ccsd-bench: cannot write \(path)")
                exit(1)
            }
        default:
            var benchmark = CalendarBenchmark()
            let rest = parseCalendar(&arguments, into: &benchmark, allowRest: true)
            let output = benchmark.jsonPath ?? "bench-results.json"
            let calendarJSON = output + ".calendar.json"
            print("== next-elapse calendar computations (CalendarSpec.nextElapse vs the reference search) ==")
            let results = benchmark.run()
            benchmark.printTable(results)
            guard writeFile(calendarJSON, benchmark.json(results)) else {
                print("ccsd-bench: cannot write \(calendarJSON)")
                exit(1)
            }
            let script = ProcessInfo.processInfo.environment["CCSD_BENCH_SCRIPT"] ?? "Benchmarks/bench.py"
            let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                [
                    "python3", script, "--bench", binary, "--calendar-json", calendarJSON, "--json", output,
                ] + rest
            fflush(nil)
            do {
                try process.run()
                process.waitUntilExit()
            } catch {
                print("ccsd-bench: cannot run \(script): \(error)")
                exit(1)
            }
            unlink(calendarJSON)
            exit(process.terminationStatus)
        }
    }

    /// Reads `--json` and `--iterations`; returns the arguments after `--`.
    @discardableResult
    static func parseCalendar(
        _ arguments: inout ArraySlice<String>, into benchmark: inout CalendarBenchmark, allowRest: Bool
    ) -> [String] {
        while let argument = arguments.popFirst() {
            switch argument {
            case "--json": benchmark.jsonPath = arguments.popFirst()
            case "--iterations": benchmark.iterations = arguments.popFirst().flatMap { Int($0) } ?? benchmark.iterations
            case "--" where allowRest: return Array(arguments)
            default: usage()
            }
        }
        return []
    }
}

Main.main()
