import CCSDConfig
import CCSDNotify
import CCSDProtocol
import CCSDStore
import Foundation
import Testing

@testable import CCSDDaemon

@Suite("Templates fit the policies: escalations say their times; channels need every template a policy names")
struct TemplateFitTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func shippedTemplates() throws -> [String: String] {
        let files = MessageTemplates.readDirectory(repositoryRoot.appendingPathComponent("policies/templates").path)
        try #require(files.count >= 2)
        return files
    }

    /// Copies the shipped templates beside the fixture's policies.
    static func installTemplates(_ fixture: DaemonFixture) throws {
        let directory = fixture.policies.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (file, text) in try shippedTemplates() {
            try text.write(
                to: fixture.policies.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
    }

    @Test("escalation and resolved notices fill every placeholder of the shipped zh-CN and en templates")
    func escalationValues() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(DeliveryTests.policy)
        let rows = try await fixture.run(channels: ["sms"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:15:30+08:00"))
            try await caseload.runDue()
            let incident = try #require(
                try fixture.events().first { $0.type == "missed" }?.fields["incident"])
            try await caseload.resolve(
                Methods.Resolve(incident: incident, note: "reached by phone"), caller: CaseloadTests.admin)
            return try Store(path: fixture.databasePath).outbox(failedOnly: false, limit: 100)
        }
        // The reminder's window closed before the clock got there: only the escalation and the notice go out.
        #expect(Set(rows.map(\.template)) == ["missed-officer", "resolved-notice"])
        let (templates, problems) = MessageTemplates.load(files: try Self.shippedTemplates())
        #expect(problems.isEmpty)
        let escalation = try #require(rows.first { $0.template == "missed-officer" })
        #expect(escalation.values["opens"] == "2026-12-01 09:10")
        #expect(escalation.values["closes"] == "2026-12-01 09:15")
        #expect(escalation.values["deadline"] == "2026-12-01 09:15")
        for row in rows {
            // What the dispatcher adds at delivery.
            var values = row.values
            values["office"] = "城关司法所"
            values["office_phone"] = "0571-12345678"
            values["name"] = "张三"
            for language in ["zh-CN", "en"] {
                let used = try #require(templates.placeholders(row.template, language: language))
                for name in used {
                    #expect(!(values[name] ?? "").isEmpty, "\(language) \(row.template): {\(name)} is empty")
                }
                let text = try #require(templates.render(row.template, language: language, values: values))
                #expect(!text.contains("于截止") && !text.contains("by ."), "\(text)")
            }
        }
    }

    @Test("with a channel, start refuses policies naming templates that do not exist; without, it does not care")
    func start() throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(DeliveryTests.policy)
        let policies = fixture.policies.path
        #expect(throws: Never.self) { try Daemon.templates(policies, channels: false, zones: DaemonFixture.zones) }
        do {
            _ = try Daemon.templates(policies, channels: true, zones: DaemonFixture.zones)
            Issue.record("policies naming missing templates must stop the start")
        } catch let problems as ConfigProblems {
            let lines = problems.problems.map(\.description)
            #expect(
                lines.contains {
                    $0.hasPrefix("\(policies)/quick.toml: [escalation.1.template]: no template [missed-officer]")
                }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("\(policies)/quick.toml: [reminder.1.template]:") })
            #expect(
                lines.contains { $0.hasPrefix("\(policies)/quick.toml: [escalation]: no template [resolved-notice]") })
        }
        try Self.installTemplates(fixture)
        let templates = try Daemon.templates(policies, channels: true, zones: DaemonFixture.zones)
        #expect(templates.languages == ["en", "zh-CN"])
        // A person's message using {name}: unfit.
        try fixture.writePolicy(
            DeliveryTests.policy.replacingOccurrences(
                of: "template = \"reminder-soon\"", with: "template = \"missed-officer\""))
        #expect(throws: ConfigProblems.self) {
            try Daemon.templates(policies, channels: true, zones: DaemonFixture.zones)
        }
    }

    @Test("with a channel, a reload naming a missing template is rejected and the old policies kept")
    func reload() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(DeliveryTests.policy)
        try Self.installTemplates(fixture)
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            try fixture.writePolicy(
                DeliveryTests.policy.replacingOccurrences(of: "missed-officer", with: "missed-officr"))
            guard case .rejected(let problems) = await caseload.reload() else {
                Issue.record("a policy naming a missing template must be rejected")
                return
            }
            #expect(
                problems.contains {
                    $0.contains("quick.toml: [escalation.1.template]: no template [missed-officr] in ")
                        && $0.contains("templates/en.toml")
                }, "\(problems)")
            #expect(await caseload.reload() == .rejected(problems))
            try fixture.writePolicy(
                DeliveryTests.policy.replacingOccurrences(of: "*:00/10:00", with: "*:05/10:00"))
            #expect(await caseload.reload() == .applied(policies: ["quick"], changedPersons: 0))
        }
        // Without channels templates are not needed.
        try await fixture.run { caseload, _ in
            try fixture.writePolicy(
                DeliveryTests.policy.replacingOccurrences(of: "missed-officer", with: "missed-officr"))
            #expect(await caseload.reload() == .applied(policies: ["quick"], changedPersons: 0))
        }
    }

    @Test(
        "a reload puts changed templates in force for the dispatcher, policies changed or not; broken ones are refused")
    func reloadTemplates() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(DeliveryTests.policy)
        try Self.installTemplates(fixture)
        let loaded = LoadedTemplates(
            try Daemon.templates(fixture.policies.path, channels: true, zones: DaemonFixture.zones))
        let values = ["obligation": "ping", "closes": "09:20"]
        let before = loaded.current.render("reminder-soon", language: "en", values: values)
        try await fixture.run(channels: ["sms"], templates: loaded) { caseload, _ in
            let file = fixture.policies.appendingPathComponent("templates/en.toml")
            let text = try String(contentsOf: file, encoding: .utf8)
            let edited = text.replacingOccurrences(
                of: "[reminder-soon]", with: "[reminder-soon]\ntext = \"NEW {closes}\"\n[old-reminder-soon]")
            try edited.write(to: file, atomically: true, encoding: .utf8)
            #expect(await caseload.reload() == .unchanged)
            #expect(loaded.current.render("reminder-soon", language: "en", values: values) == "NEW 09:20")
            // A template with an unknown placeholder: the reload is refused and the templates in force stay.
            try edited.replacingOccurrences(of: "NEW {closes}", with: "NEW {nonsense}")
                .write(to: file, atomically: true, encoding: .utf8)
            guard case .rejected = await caseload.reload() else {
                Issue.record("a broken template must be refused")
                return
            }
            #expect(loaded.current.render("reminder-soon", language: "en", values: values) == "NEW 09:20")
        }
        #expect(before != nil && before != "NEW 09:20")
    }
}
