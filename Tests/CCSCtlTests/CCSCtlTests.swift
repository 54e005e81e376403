import Foundation
import Testing

@Suite("ccsctl as a user runs it")
struct CCSCtlTests {
    @Test("policy check passes on the shipped policies")
    func checkShipped() async throws {
        let result = try await CLI.run(["policy", "check", "policies"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("strict: ok (严管 strict supervision"))
        #expect(result.stdout.contains("holidays cn-mainland: ok (33 days off, 6 make-up working days)"))
    }

    @Test("policy check reports a broken file precisely and exits 1")
    func checkBroken() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.toml")
        let text = try String(contentsOf: CLI.root.appendingPathComponent("policies/strict.toml"), encoding: .utf8)
            .replacingOccurrences(of: "window = \"10d\"", with: "window = \"10 dayz\"")
            .replacingOccurrences(of: "repeat-limit = 2", with: "repeat-limt = 2")
            .replacingOccurrences(of: "holidays = [\"cn-mainland\"]", with: "")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try await CLI.run(["policy", "check", file.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(file.path): [obligation.1.window]: \"10 dayz\" is not a duration") })
        #expect(lines.contains { $0.hasPrefix("\(file.path): [escalation.1.repeat-limt]: unknown key") })
        #expect(
            lines.contains("\(file.path): [escalation.1.repeat-every]: needs repeat-limit; expected both or neither"))
        #expect(lines.count == 3, "\(result.stderr)")
    }

    @Test("policy check validates the templates beside the policies against them and exits 1")
    func checkTemplates() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let policy = try String(contentsOf: CLI.root.appendingPathComponent("policies/ordinary.toml"), encoding: .utf8)
            .replacingOccurrences(of: "holidays = [\"cn-mainland\"]", with: "")
            .replacingOccurrences(of: "template = \"reminder-closing-soon\"", with: "template = \"missed-officer\"")
            .replacingOccurrences(
                of: "title = { zh-CN = \"每周电话报到\", en = \"weekly phone report\" }", with: "title = { fr = \"appel\" }")
        try policy.write(to: directory.appendingPathComponent("ordinary.toml"), atomically: true, encoding: .utf8)
        for language in ["en", "zh-CN"] {
            var text = try String(
                contentsOf: CLI.root.appendingPathComponent("policies/templates/\(language).toml"), encoding: .utf8)
            if language == "en" { text = text.replacingOccurrences(of: "{closes}", with: "{clozes}") }
            if language == "zh-CN" { text = text.replacingOccurrences(of: "[lost-contact]", with: "[lost-contact-x]") }
            try text.write(to: templates.appendingPathComponent("\(language).toml"), atomically: true, encoding: .utf8)
        }
        let result = try await CLI.run(["policy", "check", directory.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let file = "\(directory.path)/ordinary.toml"
        #expect(
            lines.contains {
                $0.hasPrefix("\(templates.path)/en.toml: [reminder-soon.text]: unknown placeholder {clozes}")
            })
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "\(file): [escalation.3.template]: no template [lost-contact] in \(templates.path)/zh-CN.toml")
            })
        #expect(
            lines.contains {
                $0.hasPrefix("\(file): [reminder.3.template]: [missed-officer] goes to the person but uses {")
            })
        #expect(lines.contains { $0.hasPrefix("\(file): [obligation.3.title.fr]: no templates/fr.toml") })
        // A template broken in en is reported once, in its file, not again for every policy that names it.
        #expect(!lines.contains { $0.contains("no template [missed-officer] in \(templates.path)/en.toml") })
        let shipped = try await CLI.run(["policy", "check", "policies/templates"])
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(shipped.stdout.contains("templates/templates: ok") == false)
        #expect(shipped.stdout.contains("/policies/templates: ok (en, zh-CN;"))
    }

    @Test("simulate strict over 60 days shows the whole ladder")
    func simulateStrict() async throws {
        let result = try await CLI.run([
            "simulate", "--policy", "strict", "--days", "60", "--from", "2026-12-01", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]])
        let events = rows.compactMap { $0["event"] }
        for event in ["window-opened", "reminder", "missed", "escalation", "proposal"] {
            #expect(events.contains(event), "\(event) missing")
        }
        let proposals = rows.filter { $0["event"] == "proposal" }.compactMap { $0["subject"] }
        #expect(proposals == ["admonition", "warning", "revocation-review"])
        #expect(rows.first?["at"] == "2026-12-01T00:00:00+08:00")
        #expect(rows.first?["id"] == "SIM-0001/initial-report@2026-11-30T16:00Z/open")
        #expect(Set(rows.compactMap { $0["id"] }).count == rows.count)
    }

    @Test("simulate with check-ins: on time, late and outside any window")
    func simulateCheckIns() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("check-ins.txt")
        try """
        # initial report, then the first weekly report on time
        2026-12-01 10:00 in-person
        2026-12-07T09:30:00+08:00 in-person
        2026-12-12 10:00 phone
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await CLI.run([
            "simulate", "--policy", "policies/strict.toml", "--days", "14", "--from", "2026-12-01",
            "--check-ins", file.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("on-time (check-in 2026-12-01 Tue 10:00)"))
        #expect(result.stdout.contains("on-time (check-in 2026-12-07 Mon 09:30)"))
        #expect(result.stdout.contains("check-in outside any open window, recorded"))
    }

    @Test("bad input: unknown policy, bad dates, a malformed check-ins file")
    func badInput() async throws {
        var result = try await CLI.run(["simulate", "--policy", "nonexistent"])
        #expect(result.status == 1 && result.stderr.contains("policies/nonexistent.toml: no such file or directory"))
        result = try await CLI.run(["simulate", "--policy", "strict", "--from", "yesterday"])
        #expect(result.status == 1 && result.stderr.contains("--from \"yesterday\" is not a date"))
        result = try await CLI.run(["simulate", "--policy", "strict", "--days", "0"])
        #expect(result.status == 2 && result.stderr.contains("--days must be between 1 and 3660"))
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.txt")
        try "2026-12-01 10:00 carrier-pigeon\n".write(to: file, atomically: true, encoding: .utf8)
        result = try await CLI.run(["simulate", "--policy", "strict", "--check-ins", file.path])
        #expect(result.status == 1 && result.stderr.contains("bad.txt:1: unknown method \"carrier-pigeon\""))
    }
}
