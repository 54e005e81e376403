import Foundation
import Testing

@Suite("ccsctl reload and audit verify against a real ccsd")
struct AdminCommandTests {
    @Test("reload: unchanged, applied, and rejected with each problem and exit 1")
    func reload() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        var result = try await daemon.ctl(["reload"])
        #expect(result.status == 0 && result.stdout == "policies reloaded: unchanged (nothing to apply)\n")

        try TestDaemon.quickPolicy.replacingOccurrences(of: "quick test policy", with: "extra")
            .write(to: daemon.policies.appendingPathComponent("extra.toml"), atomically: true, encoding: .utf8)
        result = try await daemon.ctl(["reload"])
        #expect(result.status == 0 && result.stdout == "policies reloaded: applied\n", "\(result.stderr)")
        let status = try #require(try await daemon.json(["status"]) as? [String: Any])
        #expect((status["policies"] as? [String])?.contains("extra") == true)

        let broken = daemon.policies.appendingPathComponent("broken.toml")
        try TestDaemon.quickPolicy.replacingOccurrences(of: "window = \"1d\"", with: "window = \"1 dayz\"")
            .write(to: broken, atomically: true, encoding: .utf8)
        result = try await daemon.ctl(["reload"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "ccsctl: policies rejected; ccsd keeps the policies it had:")
        #expect(lines.count == 2 && lines.last?.hasPrefix("\(broken.path): [obligation.3.window]:") == true, "\(lines)")
        result = try await daemon.ctl(["reload", "--json"])
        #expect(result.status == 1)
        try Snapshot.expectShape(result.stdout, .object(["outcome": .string, "problems": .stringArray]))
        #expect(try Snapshot.JSON.parse(result.stdout)["outcome"] == .string("rejected"))
    }

    /// The journal schema `audit verify --json` prints.
    static let report = Snapshot.Shape.object([
        "events": .int, "intact": .bool, "first_break": .optional(.int), "reason": .optional(.string),
        "journal": .object([
            "status": .string, "entries": .int, "checked": .int, "foreign": .int, "missing": .int,
            "reason": .optional(.string),
            "first_mismatch": .optional(
                .object(["seq": .int, "journal_hash": .string, "log_hash": .optional(.string)])),
        ]),
    ])

    /// `journalctl -o json` lines for events `seq: hash`, written by process `pid`.
    static func export(_ events: some Sequence<(Int64, String)>, pid: Int) -> String {
        events.map {
            "{\"SYSLOG_IDENTIFIER\":\"ccsd\",\"CCSD_SEQ\":\"\($0.0)\",\"CCSD_HASH\":\"\($0.1)\","
                + "\"_BOOT_ID\":\"b0\",\"_PID\":\"\(pid)\",\"MESSAGE\":\"m\"}\n"
        }.joined()
    }

    @Test("audit verify: the chain holds; a journal export is cross-checked; the first bad link is exact")
    func verify() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        for caseID in ["JX-V1", "JX-V2"] {
            let added = try await daemon.ctl([
                "person", "add", caseID, "--name", "V", "--policy", "strict", "--start", "2026-01-05T09:00:00+08:00",
            ])
            try #require(added.status == 0, "\(added.stderr)")
        }
        let events = try #require(try await daemon.json(["log"]) as? [[String: Any]]).map {
            (($0["seq"] as? Int).map(Int64.init) ?? 0, $0["hash"] as? String ?? "")
        }
        try #require(events.count >= 3)

        var result = try await daemon.ctl(["audit", "verify", "--no-journal"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "event log: \(events.count) events, every link holds\njournal: cross-check skipped (--no-journal)\n")
        result = try await daemon.ctl(["audit", "verify", "--no-journal", "--json"])
        try Snapshot.expectShape(result.stdout, Self.report)

        let file = daemon.directory.appendingPathComponent("journal.json")
        // This log's entries, less the last, the first with two CCSD_HASH values (an event field named hash
        // lands there too); another log's entries (another process) with other hashes; a line that is no entry.
        let doubled =
            "{\"CCSD_SEQ\":\"1\",\"CCSD_HASH\":[\"ab\",\"\(events[0].1)\"],\"_BOOT_ID\":\"b0\",\"_PID\":\"10\"}\n"
        try
            (doubled + Self.export(events.dropLast().dropFirst(), pid: 10)
            + Self.export([(1, "aa"), (2, "bb")], pid: 11) + "not json\n")
            .write(to: file, atomically: true, encoding: .utf8)
        result = try await daemon.ctl(["audit", "verify", "--journal-export", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.hasSuffix(
                "journal: \(events.count - 1) entries cross-checked, every hash matches the log; 1 event has no "
                    + "journal entry; 2 entries of other event logs ignored\n"), "\(result.stdout)")

        var tampered = events
        tampered[1].1 = String(repeating: "0", count: 64)
        try Self.export(tampered, pid: 10).write(to: file, atomically: true, encoding: .utf8)
        result = try await daemon.ctl(["audit", "verify", "--journal-export", file.path])
        #expect(result.status == 1)
        #expect(
            result.stdout.hasSuffix(
                "journal entry for seq 2 has hash \(tampered[1].1), the log has \(events[1].1)\n"), "\(result.stdout)")
        result = try await daemon.ctl(["audit", "verify", "--journal-export", file.path, "--json"])
        #expect(result.status == 1)
        try Snapshot.expectShape(result.stdout, Self.report)
        let journal = try #require(try Snapshot.JSON.parse(result.stdout)["journal"])
        #expect(journal["status"] == .string("mismatch"))
        #expect(journal["first_mismatch"]?["seq"] == .int(2))

        let beyond = Int64(events.count + 3)
        try Self.export(events + [(beyond, "ff")], pid: 10).write(to: file, atomically: true, encoding: .utf8)
        result = try await daemon.ctl(["audit", "verify", "--journal-export", file.path])
        #expect(result.status == 1)
        #expect(
            result.stdout.hasSuffix(
                "journal entry for seq \(beyond) has hash ff, the log has no such event (it ends at seq \(events.count))\n"
            ), "\(result.stdout)")

        try Self.export([(1, "aa"), (2, "bb")], pid: 11).write(to: file, atomically: true, encoding: .utf8)
        result = try await daemon.ctl(["audit", "verify", "--journal-export", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("journal: none of the 2 ccsd entries matches this event log"))
    }

    @Test("audit verify: a row changed behind ccsd's back is the first bad link")
    func tampered() async throws {
        guard let sqlite = ["/usr/bin/sqlite3", "/bin/sqlite3"].first(where: FileManager.default.isExecutableFile)
        else { return }
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        try #require(
            try await daemon.ctl([
                "person", "add", "JX-V2", "--name", "V", "--policy", "strict",
                "--start", "2026-01-05T09:00:00+08:00",
            ]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite)
        process.arguments = [
            daemon.database, "DROP TRIGGER IF EXISTS event_no_update; UPDATE event SET type = 'forged' WHERE seq = 2;",
        ]
        let status = try await CLI.offPool {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(status == 0)
        let result = try await daemon.ctl(["audit", "verify", "--no-journal"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("event log broken at seq 2: hash does not match the row's content\n"))
    }
}
