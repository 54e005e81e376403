import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real `ccsd` (the one built beside `ccsctl`) in its own temporary directory: the shipped policies plus a
/// test policy, a config with the office in Asia/Shanghai, its own state directory and socket. Stopped with
/// SIGTERM and its directory removed by `stop()`.
final class TestDaemon: @unchecked Sendable {
    /// One-off windows from supervision start: two close 4 s after it (a person added with a start a second or
    /// two ago misses both at once), one opens 30 days later for a day. Nothing depends on the day of the week.
    static let quickPolicy = """
        [policy]
        title = "quick test policy"
        time-zone = "Asia/Shanghai"

        [[obligation]]
        id = "initial-report"
        kind = "in-person"
        schedule = "supervision-start"
        window = "4s"

        [[obligation]]
        id = "initial-phone"
        kind = "phone"
        schedule = "supervision-start"
        window = "4s"

        [[obligation]]
        id = "first-visit"
        kind = "in-person"
        accepts = ["video"]
        schedule = "supervision-start"
        active-from = "30d"
        window = "1d"

        [[reminder]]
        id = "day-before"
        before = "24h"
        to = ["person"]
        template = "reminder-soon"

        [[escalation]]
        after = "0s"
        to = ["officer"]
        template = "missed-officer"
        repeat-every = "1h"
        repeat-limit = 1
        """

    let directory: URL
    let process = Process()
    var socket: String { directory.appendingPathComponent("ccsd.sock").path }
    var policies: URL { directory.appendingPathComponent("policies") }
    var database: String { directory.appendingPathComponent("state/ccsd.sqlite").path }
    var log: String { (try? String(contentsOf: directory.appendingPathComponent("ccsd.log"), encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    /// Starts ccsd and waits, off the cooperative pool, until its socket accepts connections. With `journal`,
    /// ccsd mirrors its events to the system journal (it believes it runs under systemd).
    static func start(journal: Bool = false) async throws -> TestDaemon {
        try await CLI.offPool { try TestDaemon(journal: journal) }
    }

    private init(journal: Bool) throws {
        directory = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("policies"), to: policies)
        try Self.quickPolicy.write(
            to: policies.appendingPathComponent("quick.toml"), atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("ccsd.conf")
        try "[daemon]\ntime-zone = \"Asia/Shanghai\"\n".write(to: config, atomically: true, encoding: .utf8)
        let logFile = directory.appendingPathComponent("ccsd.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)
        process.executableURL = CLI.binary.deletingLastPathComponent().appendingPathComponent("ccsd")
        process.arguments = [
            "--config", config.path, "--policies", policies.path, "--state-dir",
            directory.appendingPathComponent("state").path, "--socket", socket,
        ]
        var environment = ProcessInfo.processInfo.environment
        for name in ["INVOCATION_ID", "JOURNAL_STREAM", "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "WATCHDOG_USEC"] {
            environment[name] = nil
        }
        if journal { environment["INVOCATION_ID"] = UUID().uuidString.replacingOccurrences(of: "-", with: "") }
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.close()
        let deadline = Date().addingTimeInterval(20)
        while !Self.canConnect(socket) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw DaemonError(message: "ccsd did not start: \(log)")
            }
            usleep(20_000)
        }
    }

    struct DaemonError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Runs ccsctl against this daemon.
    func ctl(_ arguments: [String]) async throws -> CLI.Result {
        try await CLI.run(arguments, environment: ["CCSD_SOCKET": socket])
    }

    /// Runs ccsctl with `--json` and parses what it prints.
    func json(_ arguments: [String]) async throws -> Any {
        let result = try await ctl(arguments + ["--json"])
        guard result.status == 0 else {
            throw DaemonError(message: "ccsctl \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// Adds persons (officer alice, then bob, …) on the quick policy with supervision started a second or two
    /// ago, so both 4-second windows are open when they are added and missed moments later; waits for the
    /// misses. The start's seconds are never :00 nor :56, so every time prints with its seconds.
    func addMissing(_ caseIDs: [String]) async throws {
        var start = Int(Date().timeIntervalSince1970) - 1
        if start % 60 == 0 || start % 60 == 56 { start -= 1 }
        let text = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(start)))
        for (index, caseID) in caseIDs.enumerated() {
            let officer = ["alice", "bob", "carol"][index % 3]
            let result = try await ctl([
                "person", "add", caseID, "--name", "Test \(index)", "--policy", "quick", "--start", text,
                "--officer", officer,
            ])
            guard result.status == 0 else { throw DaemonError(message: "person add \(caseID): \(result.stderr)") }
        }
        try await wait("\(caseIDs.count * 2) incidents") {
            try await (json(["overdue"]) as? [Any])?.count == caseIDs.count * 2
        }
    }

    /// Polls `condition` every 50 ms for up to 15 s.
    func wait(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(15)
        while try await !condition() {
            guard Date() < deadline else { throw DaemonError(message: "timed out waiting for \(what): \(log)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            Self.waitForExit(process)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Waits (at most `timeout`) until `process` has exited. Not `waitUntilExit()`: under a full test run
    /// Foundation sometimes never notices a child's exit, leaves it a zombie, and `waitUntilExit()` spins forever
    /// on a cooperative thread (CI hung here with two ccsd zombies).
    static func waitForExit(_ process: Process, timeout: TimeInterval = 30) {
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            // The state follows the parenthesised command name: "Z" is an exited child nobody reaped yet.
            if stat.isEmpty || stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return }
            usleep(10_000)
        }
    }

    /// Whether a Unix stream socket at `path` accepts a connection.
    static func canConnect(_ path: String) -> Bool {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, byte) in bytes.enumerated() { buffer[i] = byte }
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
