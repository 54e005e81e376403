import Foundation

@testable import CCSDSystemd

/// The system journal for round-trip tests: makes sure journald listens, and reads entries back with `journalctl`.
enum JournalFixture {
    /// The standalone journald binary on Debian.
    static let journaldPath = "/lib/systemd/systemd-journald"

    /// True when journald listens on its native socket, after starting it if needed and possible.
    ///
    /// In a container without systemd as PID 1 nobody runs journald. As root we start it standalone (it creates its
    /// own sockets under /run/systemd/journal when not socket-activated) in its own session, and leave it running
    /// for later runs and other tests. Otherwise the round-trip tests are skipped.
    static let isReady: Bool = {
        if isListening() { return true }
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: journaldPath) else { return false }
        // setsid -f: journald runs in its own session, detached from the test process, and setsid exits at once.
        guard (try? ProcessRunner.run("/usr/bin/setsid", ["-f", journaldPath], captureOutput: false)) != nil else {
            return false
        }
        for _ in 0..<50 where !isListening() { usleep(100_000) }
        return isListening()
    }()

    /// Whether a datagram socket can connect to journald's native socket (a stale socket file refuses).
    static func isListening() -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in Journal.socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    /// The entries matching `match` (`FIELD=value`), retried for up to five seconds until at least one shows up.
    static func entries(matching match: String) throws -> [[String: String]] {
        for attempt in 0..<50 {
            if attempt > 0 { usleep(100_000) }
            _ = try run("/usr/bin/journalctl", ["--sync"])
            let output = try run("/usr/bin/journalctl", ["--no-pager", "-o", "json", match])
            let entries = output.split(separator: "\n").compactMap { parse(String($0)) }
            if !entries.isEmpty { return entries }
        }
        return []
    }

    /// One `journalctl -o json` line as a dictionary; byte-array values (non-UTF-8 or control characters) decoded.
    static func parse(_ line: String) -> [String: String]? {
        guard let data = line.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        var entry: [String: String] = [:]
        for (key, value) in object {
            if let text = value as? String {
                entry[key] = text
            } else if let bytes = value as? [Int] {
                entry[key] = String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
            }
        }
        return entry
    }

    /// Runs a program and returns its standard output.
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        try ProcessRunner.run(path, arguments).output
    }
}
