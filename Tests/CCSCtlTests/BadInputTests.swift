import Foundation
import Testing

@Suite("ccsctl's officer commands with bad input: exit codes and messages")
struct BadInputTests {
    @Test("unknown incident, proposal, leave or person: exit 3 and what was not found")
    func notFound() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        let added = try await daemon.ctl([
            "person", "add", "JX-B1", "--name", "B", "--policy", "strict", "--start", "2026-01-05T09:00:00+08:00",
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let cases: [([String], String)] = [
            (["ack", "JX-B1:weekly@2026-01-05T01:00Z"], "no open incident JX-B1:weekly@2026-01-05T01:00Z"),
            (["ack", "JX-NOBODY:x@y"], "no open incident JX-NOBODY:x@y"),
            (["resolve", "JX-B1:x@y", "--note", "n"], "no open incident JX-B1:x@y"),
            (["decide", "JX-B1/out-of-contact@x/warning", "--accept", "--note", "n"], "no pending proposal JX-B1/"),
            (["leave", "cancel", "JX-B1", "L-209901010000"], "no leave L-209901010000"),
            (["leave", "list", "JX-NOBODY"], "no person with case id JX-NOBODY"),
            (["leave", "cancel", "JX-NOBODY", "L-1"], "no person with case id JX-NOBODY"),
            (
                [
                    "leave", "add", "JX-NOBODY", "--from", "2030-01-01T00:00:00Z", "--until", "2030-01-02T00:00:00Z",
                    "--destination", "x",
                ], "no person with case id JX-NOBODY"
            ),
            (["excuse", "JX-NOBODY", "weekly@2030-01-01T00:00Z", "--reason", "r"], "no person with case id JX-NOBODY"),
            (["explain", "JX-NOBODY"], "no person with case id JX-NOBODY"),
        ]
        for (arguments, message) in cases {
            let result = try await daemon.ctl(arguments)
            #expect(result.status == 3, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("ccsctl: \(message)"), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("invalid times and values: exit 1 with the parameter, the value and what is expected")
    func invalidValues() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        let added = try await daemon.ctl([
            "person", "add", "JX-B2", "--name", "B", "--policy", "strict", "--start", "2026-01-05T09:00:00+08:00",
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let leave = ["leave", "add", "JX-B2", "--destination", "Beijing"]
        var result = try await daemon.ctl(leave + ["--from", "next monday", "--until", "2030-01-02T00:00:00Z"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "ccsctl: from \"next monday\" is invalid; expected an RFC 3339 time with offset"), "\(result.stderr)")
        result = try await daemon.ctl(leave + ["--from", "2030-01-02T00:00:00Z", "--until", "2030-01-01T00:00:00Z"])
        #expect(
            result.status == 1
                && result.stderr.contains("until \"2030-01-01T00:00:00Z\" is invalid; expected after from"))
        result = try await daemon.ctl(["resolve", "JX-B2:x@y", "--note", "   "])
        #expect(result.status == 1 && result.stderr.contains("note \"   \" is invalid; expected 1 to 2000 characters"))
        result = try await daemon.ctl(["decide", "JX-B2/x", "--accept", "--note", ""])
        #expect(result.status == 1 && result.stderr.contains("note \"\" is invalid"), "\(result.stderr)")
    }

    @Test("missing or conflicting arguments: exit 2 before anything is sent")
    func usage() async throws {
        let cases: [[String]] = [
            ["resolve", "JX-1:x@y"],
            ["decide", "JX-1/x", "--note", "n"],
            ["decide", "JX-1/x", "--accept", "--reject", "--note", "n"],
            ["decide", "JX-1/x", "--accept"],
            ["leave", "add", "JX-1", "--from", "2030-01-01T00:00:00Z", "--destination", "x"],
            ["leave", "cancel", "JX-1"],
            ["excuse", "JX-1", "weekly@2030-01-01T00:00Z"],
            ["ack"],
            ["explain"],
            ["upcoming", "--within"],
            ["audit", "verify", "--bogus"],
        ]
        for arguments in cases {
            let result = try await CLI.run(arguments, environment: ["CCSD_SOCKET": "/nonexistent/ccsd.sock"])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("no daemon at the socket: exit 69 with a hint, for every command that talks to ccsd")
    func unavailable() async throws {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("no-ccsd-\(UUID().uuidString).sock")
        let cases: [[String]] = [
            ["ack", "JX-1:x@y"], ["resolve", "JX-1:x@y", "--note", "n"], ["decide", "P", "--reject", "--note", "n"],
            ["leave", "add", "JX-1", "--from", "a", "--until", "b", "--destination", "d"],
            ["leave", "cancel", "JX-1", "L"],
            ["leave", "list", "JX-1"], ["excuse", "JX-1", "o@t", "--reason", "r"], ["overdue"], ["upcoming"],
            ["incidents"], ["proposals"], ["explain", "JX-1"], ["reload"], ["audit", "verify"],
        ]
        for arguments in cases {
            let result = try await CLI.run(arguments + ["--socket", socket.path])
            #expect(result.status == 69, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("ccsctl: ccsd is not running at \(socket.path)"), "\(result.stderr)")
            #expect(result.stderr.contains("hint: systemctl status ccsd.socket"))
        }
    }

    @Test("a user who may not connect, or lacks the role: exit 4 and which role is needed")
    func permissionDenied() async throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        func asNobody(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run(
                ["--reuid=nobody", "--regid=nogroup", "--clear-groups", CLI.binary.path] + arguments
                    + ["--socket", daemon.socket], executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        }
        var result = try await asNobody(["overdue"])
        #expect(result.status == 4 && result.stderr.hasPrefix("ccsctl: permission denied on \(daemon.socket)"))
        #expect(result.stderr.contains("hint: your user needs the socket's group (ccsd) and a role group"))
        try #require(chmod(daemon.socket, 0o666) == 0)
        result = try await asNobody(["ack", "JX-1:x@y"])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(
            result.stderr == "ccsctl: permission denied: io.ccsd.Supervision.Acknowledge needs the ccsd-officer role\n")
        result = try await asNobody(["audit", "verify", "--no-journal"])
        #expect(result.status == 4 && result.stderr.contains("VerifyAudit needs the ccsd-auditor role"))
    }
}
