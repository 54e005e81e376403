import Foundation
import Testing

@Suite("ccsctl queues against a real ccsd: overdue, incidents, proposals, explain")
struct QueueCommandTests {
    @Test("overdue, incidents and proposals: human tables and JSON")
    func queues() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        try await daemon.addMissing(["JX-T1", "JX-T2"])

        var result = try await daemon.ctl(["overdue"])
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.expect(
            result.stdout,
            """
            MISSED                      CASE   OFFICER  OBLIGATION      STATE  INCIDENT
            ####-##-## ##:##:## +08:00  JX-T1  alice    initial-phone   open   JX-T1:initial-phone@####-##-##T##:##:##Z
            ####-##-## ##:##:## +08:00  JX-T1  alice    initial-report  open   JX-T1:initial-report@####-##-##T##:##:##Z
            ####-##-## ##:##:## +08:00  JX-T2  bob      initial-phone   open   JX-T2:initial-phone@####-##-##T##:##:##Z
            ####-##-## ##:##:## +08:00  JX-T2  bob      initial-report  open   JX-T2:initial-report@####-##-##T##:##:##Z
            """)
        result = try await daemon.ctl(["overdue", "--json"])
        try Snapshot.expectShape(result.stdout, .array(Snapshot.openIncident))
        let ids = try Snapshot.JSON.parse(result.stdout).array.compactMap { $0["id"]?.string }
        #expect(ids.count == 4 && ids == ids.sorted())

        result = try await daemon.ctl(["overdue", "--officer", "bob"])
        Snapshot.expect(
            result.stdout,
            """
            MISSED                      CASE   OFFICER  OBLIGATION      STATE  INCIDENT
            ####-##-## ##:##:## +08:00  JX-T2  bob      initial-phone   open   JX-T2:initial-phone@####-##-##T##:##:##Z
            ####-##-## ##:##:## +08:00  JX-T2  bob      initial-report  open   JX-T2:initial-report@####-##-##T##:##:##Z
            """)
        result = try await daemon.ctl(["overdue", "--officer", "nobody"])
        #expect(result.status == 0 && result.stdout == "no overdue windows for nobody\n")

        result = try await daemon.ctl(["incidents"])
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.expect(
            result.stdout,
            """
            CASE   OFFICER  STATE  MISSED                      OBLIGATION      INCIDENT
            JX-T1  alice    open   ####-##-## ##:##:## +08:00  initial-phone   JX-T1:initial-phone@####-##-##T##:##:##Z
                            open   ####-##-## ##:##:## +08:00  initial-report  JX-T1:initial-report@####-##-##T##:##:##Z
            JX-T2  bob      open   ####-##-## ##:##:## +08:00  initial-phone   JX-T2:initial-phone@####-##-##T##:##:##Z
                            open   ####-##-## ##:##:## +08:00  initial-report  JX-T2:initial-report@####-##-##T##:##:##Z

            4 unresolved incidents (0 acknowledged) for 2 persons
            """)
        #expect(
            try await daemon.ctl(["incidents", "--json"]).stdout
                == (try await daemon.ctl(["overdue", "--json"]).stdout))

        result = try await daemon.ctl(["proposals"])
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.expect(
            result.stdout,
            """
            PROPOSED                    CASE   OFFICER  LEVEL       REASON                                            PROPOSAL
            ####-##-## ##:##:## +08:00  JX-T1  alice    admonition  missed report initial-phone@####-##-##T##:##:##Z  JX-T1/out-of-contact@####-##-##T##:##:##Z/admonition
            ####-##-## ##:##:## +08:00  JX-T2  bob      admonition  missed report initial-phone@####-##-##T##:##:##Z  JX-T2/out-of-contact@####-##-##T##:##:##Z/admonition
            """)
        result = try await daemon.ctl(["proposals", "--json"])
        try Snapshot.expectShape(result.stdout, .array(Snapshot.personProposal))

        result = try await daemon.ctl(["explain", "JX-T1"])
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.expect(
            result.stdout,
            """
            JX-T1 follows policy quick (quick test policy) in Asia/Shanghai.
            The in-person report first-visit opens ####-##-## ##:##:## +08:00 and must be made before ####-##-## ##:##:## +08:00; accepted: in-person, video.
              Reminder reminder-soon to person at ####-##-## ##:##:## +08:00.
              Without a check-in by ####-##-## ##:##:## +08:00 it is missed and an incident opens.
            Incident JX-T1:initial-phone@####-##-##T##:##:##Z: initial-phone missed at ####-##-## ##:##:## +08:00; next escalation missed-officer to officer at ####-##-## ##:##:## +08:00.
            Incident JX-T1:initial-report@####-##-##T##:##:##Z: initial-report missed at ####-##-## ##:##:## +08:00; next escalation missed-officer to officer at ####-##-## ##:##:## +08:00.
            Ladder: 0 admonition(s) and 0 warning(s) accepted; 1 proposal(s) awaiting a decision.
            Out of contact since ####-##-## ##:##:## +08:00; a warning is proposed after 10d, revocation review after 30d (a check-in ends this).
            """)
        result = try await daemon.ctl(["explain", "JX-T1", "--json"])
        try Snapshot.expectShape(result.stdout, .stringArray)
    }

    @Test("ack, resolve and decide: what they print and how the queues change")
    func actions() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.stop() }
        try await daemon.addMissing(["JX-A1", "JX-A2"])
        let incidents = try await (daemon.json(["overdue", "--officer", "alice"]) as? [[String: Any]] ?? [])
            .compactMap { $0["id"] as? String }
        try #require(incidents.count == 2)
        let proposals = try await (daemon.json(["proposals"]) as? [[String: Any]] ?? [])
            .compactMap { ($0["proposal"] as? [String: Any])?["id"] as? String }
        try #require(proposals.count == 2)

        var result = try await daemon.ctl(["ack", incidents[0], "--note", "called the family"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "\(incidents[0]): acknowledged; escalation stopped (the incident stays open until resolved)\n")
        result = try await daemon.ctl(["ack", incidents[0], "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        try Snapshot.expectShape(result.stdout, Snapshot.empty)

        result = try await daemon.ctl(["resolve", incidents[1], "--note", "reached by phone"])
        #expect(result.status == 0 && result.stdout == "\(incidents[1]): resolved\n", "\(result.stderr)")
        let left = try #require(try await daemon.json(["overdue", "--officer", "alice"]) as? [[String: Any]])
        #expect(left.count == 1 && left.first?["id"] as? String == incidents[0])
        #expect(left.first?["state"] as? String == "acknowledged")
        result = try await daemon.ctl(["incidents", "--officer", "alice"])
        #expect(result.stdout.hasSuffix("\n1 unresolved incident (1 acknowledged) for 1 person\n"), "\(result.stdout)")
        result = try await daemon.ctl(["resolve", incidents[1], "--note", "again", "--json"])
        #expect(result.status == 3 && result.stderr.contains("no open incident \(incidents[1])"))

        result = try await daemon.ctl(["decide", proposals[0], "--accept", "--note", "first miss, admonished"])
        #expect(result.status == 0 && result.stdout == "\(proposals[0]): accepted\n", "\(result.stderr)")
        result = try await daemon.ctl(["decide", proposals[1], "--reject", "--note", "hospital record", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        try Snapshot.expectShape(result.stdout, Snapshot.empty)
        result = try await daemon.ctl(["proposals"])
        #expect(result.status == 0 && result.stdout == "no proposals waiting for a decision\n")
        result = try await daemon.ctl(["explain", "JX-A1"])
        #expect(result.stdout.contains("Ladder: 1 admonition(s) and 0 warning(s) accepted; 0 proposal(s) awaiting"))
        result = try await daemon.ctl(["decide", proposals[0], "--reject", "--note", "changed my mind"])
        #expect(result.status == 3 && result.stderr.contains("no pending proposal \(proposals[0])"))
    }
}
