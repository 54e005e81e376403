import CCSDDaemon
import CCSDProtocol
import Testing

@Suite("CSV import and export of persons")
struct ImportExportTests {
    static let admin = CaseloadTests.admin

    @Test("all or nothing, every problem with its line; dry run adds nobody; export reads back")
    func roundTrip() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            let bad = """
                case_id,name,phone,policy,supervision_start,tags
                JX-1,"Zhang, San",13800000000,quick,2026-12-01T09:00:00+08:00,temporary-service;juvenile
                JX-2,Li,,nope,2026-12-01T09:00:00+08:00,
                JX-1,Wang,,quick,2026-12-01T09:00:00+08:00,
                JX-3,Zhao,,quick,yesterday,
                JX-4,short,row
                """
            let refused = try await caseload.importPersons(.init(csv: bad), caller: Self.admin)
            #expect(refused.imported == 0)
            #expect(refused.problems.map(\.line) == [3, 4, 5, 6])
            #expect(refused.problems[0].message.contains("no policy \"nope\""))
            #expect(refused.problems[1].message == "case id JX-1 already on line 2")
            #expect(await caseload.status().persons == 0)
            let header = try await caseload.importPersons(.init(csv: "case_id,nom\nx,y\n"), caller: Self.admin)
            #expect(header.problems.map(\.message).contains { $0.hasPrefix("unknown column \"nom\"") })

            let badLanguage = try await caseload.importPersons(
                .init(
                    csv: "case_id,name,policy,supervision_start,language\nJX-9,A,quick,2026-12-01T09:00:00+08:00,fr\n"),
                caller: Self.admin)
            #expect(
                badLanguage.problems.map(\.message) == [
                    "language \"fr\" is invalid; expected a language ccsd has message templates for: en, zh-CN"
                ])
            let good = """
                case_id,name,phone,policy,supervision_start,tags,language
                JX-1,"Zhang, San",13800000000,quick,2026-12-01T09:00:00+08:00,temporary-service;juvenile,en
                JX-2,"Li ""Xiao"" Si",,quick,2026-12-01T09:00:00+08:00,,
                """
            let dry = try await caseload.importPersons(.init(csv: good, dryRun: true), caller: Self.admin)
            let persons = await caseload.status().persons
            #expect(dry.imported == 0 && dry.problems.isEmpty && persons == 0)
            let done = try await caseload.importPersons(.init(csv: good), caller: Self.admin)
            #expect(done.imported == 2 && done.problems.isEmpty)
            let person = try await caseload.person("JX-2").person
            #expect(person.name == "Li \"Xiao\" Si")
            #expect(try await caseload.person("JX-1").person.tags == ["juvenile", "temporary-service"])
            #expect(try await caseload.person("JX-1").person.language == "en" && person.language == nil)
            let again = try await caseload.importPersons(.init(csv: good), caller: Self.admin)
            #expect(again.imported == 0 && again.problems.count == 2)

            let exported = try await caseload.exportPersons(officer: nil)
            let lines = exported.split(separator: "\n")
            #expect(
                lines.first
                    == "case_id,name,phone,policy,officer,time_zone,supervision_start,supervision_end,tags,language"
            )
            #expect(
                lines[1]
                    == "JX-1,\"Zhang, San\",13800000000,quick,,Asia/Shanghai,2026-12-01T09:00:00+08:00,,juvenile;temporary-service,en"
            )
            #expect(lines[2] == "JX-2,\"Li \"\"Xiao\"\" Si\",,quick,,Asia/Shanghai,2026-12-01T09:00:00+08:00,,,")
            // One officer's persons only.
            _ = try await caseload.updatePerson(.init(caseID: "JX-2", officer: "dave"), caller: Self.admin)
            let daves = try await caseload.exportPersons(officer: "dave").split(separator: "\n")
            #expect(daves.count == 2 && daves[1].hasPrefix("JX-2,") && daves[1].contains(",quick,dave,"))
            #expect(try await caseload.exportPersons(officer: "nobody").split(separator: "\n").count == 1)
        }
    }
}
