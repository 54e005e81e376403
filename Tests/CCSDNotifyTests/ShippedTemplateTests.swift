import Foundation
import Testing

@testable import CCSDNotify

@Suite("shipped templates") struct ShippedTemplateTests {
    static func shippedFiles() throws -> [String: String] {
        let directory = repositoryRoot.appendingPathComponent("policies/templates")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".toml") {
            files["templates/\(name)"] = try String(
                contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// Every `template = "..."` in the sample policies and the demo.
    static func usedIDs() throws -> Set<String> {
        let policies = repositoryRoot.appendingPathComponent("policies")
        var paths = try FileManager.default.contentsOfDirectory(atPath: policies.path)
            .filter { $0.hasSuffix(".toml") }.map { policies.appendingPathComponent($0) }
        paths.append(repositoryRoot.appendingPathComponent("demo/demo.toml"))
        let pattern = try Regex(#"^\s*template\s*=\s*"([^"]+)""#)
        var ids: Set<String> = []
        for path in paths {
            for line in try String(contentsOf: path, encoding: .utf8).split(separator: "\n") {
                if let match = try pattern.firstMatch(in: String(line)), let id = match.output[1].substring {
                    ids.insert(String(id))
                }
            }
        }
        return ids
    }

    @Test func loadWithoutProblems() throws {
        let (templates, problems) = MessageTemplates.load(files: try Self.shippedFiles())
        #expect(problems.map(\.description) == [])
        #expect(templates.languages == ["en", "zh-CN"])
    }

    @Test func coverEveryTemplateThePoliciesUse() throws {
        let (templates, _) = MessageTemplates.load(files: try Self.shippedFiles())
        let used = try Self.usedIDs()
        #expect(used.count >= 7)
        for id in used.union(["resolved-notice", "delivery-failed"]) {
            for language in ["zh-CN", "en"] {
                #expect(templates.has(id, language: language), "\(language) lacks \(id)")
            }
        }
    }

    @Test func renderCompletelyAndKeepCaseIDsOutOfReminders() throws {
        let (templates, _) = MessageTemplates.load(files: try Self.shippedFiles())
        let values = Dictionary(uniqueKeysWithValues: MessageTemplates.placeholders.map { ($0, "<\($0)>") })
        for language in templates.languages {
            for id in templates.ids {
                let text = try #require(templates.render(id, language: language, values: values))
                #expect(!text.contains("{") && !text.contains("}"))
                if id.hasPrefix("reminder-") {
                    #expect(!text.contains("<case_id>") && !text.contains("<name>"))
                    #expect(text.contains("<office_phone>"), "\(language) \(id) gives no number to call")
                }
            }
        }
    }
}
