import Foundation
import Testing

@Suite("ccsctl audit verify and the system journal")
struct JournalTests {
    /// How many event entries process `pid` has in the journal.
    static func entries(pid: Int32) async throws -> Int {
        try await CLI.offPool { try entriesBlocking(pid: pid) }
    }

    static func entriesBlocking(pid: Int32) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        process.arguments = ["-o", "json", "--output-fields=CCSD_SEQ", "_PID=\(pid)", "SYSLOG_IDENTIFIER=ccsd"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.contains("CCSD_SEQ") }.count
    }

    @Test("ccsd writing to the journal: every entry is cross-checked against the log")
    func realJournal() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl"),
            FileManager.default.fileExists(atPath: "/run/systemd/journal/socket"), getuid() == 0
        else { return }
        let daemon = try await TestDaemon.start(journal: true)
        defer { daemon.stop() }
        let added = try await daemon.ctl([
            "person", "add", "JX-J1", "--name", "J", "--policy", "strict", "--start", "2026-01-05T09:00:00+08:00",
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let count = try #require(try await daemon.json(["log"]) as? [Any]).count
        // journald stores entries asynchronously: wait until this daemon's are readable.
        try await daemon.wait("\(count) journal entries") { try await Self.entries(pid: daemon.pid) >= count }

        var result = try await daemon.ctl(["audit", "verify"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.hasPrefix(
                "event log: \(count) events, every link holds\n"
                    + "journal: \(count) entries cross-checked, every hash matches the log"), "\(result.stdout)")
        result = try await daemon.ctl(["audit", "verify", "--json"])
        try Snapshot.expectShape(result.stdout, AdminCommandTests.report)
        let journal = try #require(try Snapshot.JSON.parse(result.stdout)["journal"])
        #expect(journal["status"] == .string("consistent"))
        #expect(journal["checked"] == .int(Int64(count)) && journal["missing"] == .int(0))
    }

    @Test("without a readable journal the cross-check is skipped, not failed")
    func unreadable() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        let empty = daemon.directory.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        var result = try await CLI.run(
            ["audit", "verify"], environment: ["CCSD_SOCKET": daemon.socket, "PATH": empty.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("journal not readable: cross-check skipped (journalctl not found)\n"))
        result = try await daemon.ctl(["audit", "verify", "--journal-export", "/nonexistent/journal.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.hasSuffix(
                "journal not readable: cross-check skipped (cannot read /nonexistent/journal.json)\n"))
        result = try await daemon.ctl(["audit", "verify", "--no-journal", "--journal-export", "x"])
        #expect(result.status == 2 && result.stderr.contains("--no-journal and --journal-export exclude each other"))
    }
}
