import CCSDConfig
import CCSDZoneInfo
import Foundation
import Testing

@testable import CCSDNotify

@Suite("policies checked against templates, as ccsctl and the daemon share it") struct TemplateCheckTests {
    static func shippedPolicies() -> PolicySet {
        let directory = repositoryRoot.appendingPathComponent("policies").path
        let (set, problems) = PolicySet.load(
            files: PolicySet.readDirectory(directory), directory: directory, zones: ZoneDatabase())
        #expect(problems.isEmpty)
        return set
    }

    @Test func shippedPoliciesFitShippedTemplates() throws {
        let set = Self.shippedPolicies()
        #expect(set.policies.count >= 3)
        var check = try #require(TemplateCheck(directory: repositoryRoot.appendingPathComponent("policies").path))
        check.check(set)
        #expect(check.problems.map(\.description) == [])
    }

    @Test func withoutTemplateFilesEveryNamedTemplateIsMissing() {
        var check = TemplateCheck(directory: "/etc/ccsd/policies", files: [:])
        check.check(Self.shippedPolicies())
        let lines = check.problems.map(\.description)
        #expect(
            lines.contains(
                "/etc/ccsd/policies/strict.toml: [escalation.1.template]: no template [missed-officer]: "
                    + "/etc/ccsd/policies/templates has no template files; expected templates/LANGUAGE.toml (such "
                    + "as zh-CN.toml or en.toml) with a [missed-officer] table"), "\(lines)")
        #expect(
            lines.contains {
                $0.hasPrefix("/etc/ccsd/policies/ordinary.toml: [escalation]: no template [resolved-notice]")
            })
        #expect(!lines.contains { $0.contains(".title.") }, "the missing templates say it all")
    }

    @Test func missingInOneLanguage() throws {
        var files = try ShippedTemplateTests.shippedFiles()
        files["templates/en.toml"] = files["templates/en.toml"]!.replacingOccurrences(
            of: "[missed-supervisor]", with: "[missed-supervisor-old]")
        var check = TemplateCheck(directory: "/p", files: files)
        check.check(Self.shippedPolicies())
        let lines = check.problems.map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "/p/strict.toml: [escalation.2.template]: no template [missed-supervisor] in /p/templates/en.toml")
            }, "\(lines)")
    }
}
