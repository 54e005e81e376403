import Foundation
import Testing

@Suite("ccsctl leave, excuse and upcoming against a real ccsd")
struct LeaveCommandTests {
    /// A person whose supervision starts in an hour, on the minute: nothing is missed, every window is ahead.
    static func addFuturePerson(_ daemon: TestDaemon, _ caseID: String) async throws {
        let start = (Int(Date().timeIntervalSince1970) / 60 + 60) * 60
        let text = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(start)))
        let result = try await daemon.ctl([
            "person", "add", caseID, "--name", "Leave Test", "--policy", "quick", "--start", text, "--officer", "dave",
        ])
        try #require(result.status == 0, "\(result.stderr)")
    }

    @Test("leave add, list and cancel: human output and JSON")
    func leave() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        try await Self.addFuturePerson(daemon, "JX-L1")

        var result = try await daemon.ctl(["leave", "list", "JX-L1"])
        #expect(result.status == 0 && result.stdout == "JX-L1: no current or future leave\n", "\(result.stderr)")
        result = try await daemon.ctl([
            "leave", "add", "JX-L1", "--from", "2030-03-01T09:30:00+08:00", "--until", "2030-03-05T18:00:00+08:00",
            "--destination", "Beijing (family funeral)", "--approver", "erin",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == "JX-L1: leave L-203003010130 recorded, 2030-03-01 09:30 +08:00 – 2030-03-05 18:00 +08:00, "
                + "to Beijing (family funeral), approved by erin\n")
        result = try await daemon.ctl([
            "leave", "add", "JX-L1", "--from", "2030-04-01T00:00:00Z", "--until", "2030-04-02T00:00:00Z",
            "--destination", "Wuhan", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        try Snapshot.expectShape(result.stdout, Snapshot.leave)
        #expect(try Snapshot.JSON.parse(result.stdout)["approver"] == .null)

        result = try await daemon.ctl(["leave", "list", "JX-L1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                ID              FROM                     UNTIL                    DESTINATION               APPROVER
                L-203003010130  2030-03-01 09:30 +08:00  2030-03-05 18:00 +08:00  Beijing (family funeral)  erin
                L-203004010000  2030-04-01 08:00 +08:00  2030-04-02 08:00 +08:00  Wuhan                     -

                """)
        result = try await daemon.ctl(["leave", "list", "JX-L1", "--json"])
        try Snapshot.expectShape(result.stdout, .array(Snapshot.leave))

        result = try await daemon.ctl(["leave", "cancel", "JX-L1", "L-203003010130"])
        #expect(result.status == 0 && result.stdout == "JX-L1: leave L-203003010130 cancelled\n", "\(result.stderr)")
        result = try await daemon.ctl(["leave", "cancel", "JX-L1", "L-203004010000", "--json"])
        try Snapshot.expectShape(result.stdout, Snapshot.empty)
        result = try await daemon.ctl(["leave", "list", "JX-L1", "--json"])
        #expect(result.stdout == "[\n\n]\n")
    }

    @Test("upcoming lists the windows ahead, in human form and JSON")
    func upcoming() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        try await Self.addFuturePerson(daemon, "JX-U1")

        var result = try await daemon.ctl(["upcoming", "--within", "2h"])
        #expect(result.status == 0, "\(result.stderr)")
        // Windows opening at the same moment come in no particular order from ccsd: compare rows sorted.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        Snapshot.expect(
            ([lines[0]] + lines.dropFirst().sorted()).joined(separator: "\n"),
            """
            OPENS                    CLOSES                      STATE     CASE   OFFICER  KIND       OCCURRENCE
            ####-##-## ##:## +08:00  ####-##-## ##:##:## +08:00  upcoming  JX-U1  dave     in-person  initial-report@####-##-##T##:##Z
            ####-##-## ##:## +08:00  ####-##-## ##:##:## +08:00  upcoming  JX-U1  dave     phone      initial-phone@####-##-##T##:##Z
            """)
        result = try await daemon.ctl(["upcoming", "--within", "31d", "--officer", "dave", "--json"])
        try Snapshot.expectShape(result.stdout, .array(Snapshot.personWindow))
        let occurrences = try Snapshot.JSON.parse(result.stdout).array.compactMap {
            $0["window"]?["occurrence"]?.string
        }
        #expect(occurrences.map { String($0.prefix { $0 != "@" }) }.suffix(1) == ["first-visit"])
        #expect(
            Set(occurrences.map { String($0.prefix { $0 != "@" }) }) == [
                "initial-report", "initial-phone", "first-visit",
            ])
        result = try await daemon.ctl(["upcoming", "--officer", "nobody"])
        #expect(result.status == 0 && result.stdout == "no windows open or opening within 24h for nobody\n")
        result = try await daemon.ctl(["upcoming", "--within", "forever"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("within \"forever\" is invalid; expected a span such as 24h or 3d"))
    }

    @Test("excuse: a missed window's incident is resolved; a future window is excused ahead")
    func excuse() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        try await daemon.addMissing(["JX-E1"])
        let incidents = try #require(try await daemon.json(["overdue"]) as? [[String: Any]])
        let incident = try #require(incidents.first?["id"] as? String)
        let occurrence = String(incident.drop { $0 != ":" }.dropFirst())

        var result = try await daemon.ctl(["excuse", "JX-E1", occurrence, "--reason", "in hospital, certificate seen"])
        #expect(result.status == 0 && result.stdout == "JX-E1: \(occurrence) excused\n", "\(result.stderr)")
        let left = try #require(try await daemon.json(["overdue"]) as? [[String: Any]])
        #expect(left.count == 1 && left.first?["id"] as? String != incident)

        let windows = try #require(try await daemon.json(["upcoming", "--within", "31d"]) as? [[String: Any]])
        let occurrences = windows.compactMap { ($0["window"] as? [String: Any])?["occurrence"] as? String }
        let visit = try #require(occurrences.first)
        result = try await daemon.ctl(["excuse", "JX-E1", visit, "--reason", "travel approved", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        try Snapshot.expectShape(result.stdout, Snapshot.empty)
        result = try await daemon.ctl(["excuse", "JX-E1", "not-an-occurrence", "--reason", "typo"])
        #expect(result.status == 1 && result.stderr.contains("occurrence \"not-an-occurrence\" is invalid"))
    }
}
