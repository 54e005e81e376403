import ArgumentParser
import CCSDConfig
import CCSDNotify
import CCSDZoneInfo
import Foundation

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with policy files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate policy files and directories, with their message templates.",
            discussion: """
                A directory means its *.toml policies, the holiday calendars in its holidays/ folder and the \
                message templates in its templates/ folder, as the daemon loads them (a file: the folders beside \
                it; a templates folder: its templates alone). Templates are checked as the daemon checks them at \
                start (syntax, unknown placeholders, {name} or {case_id} in a reminder-* template), and against \
                the policies: a template a reminder or escalation names must exist in every language, one sent \
                to the person must not use {name} or {case_id}, and an obligation's title must be in a language \
                with templates (ccsd runs these checks too, at start and on reload, when ccsd.conf configures a \
                channel). Prints every problem on its own line as \
                `FILE: [table.key]: what is wrong and what is expected` and exits 1 if there is any; exits 0 \
                when all are valid.
                """
        )

        @Argument(help: "Policy files or directories (default: ./policies, else /etc/ccsd/policies).")
        var paths: [String] = []

        @Flag(name: .shortAndLong, help: "Only print problems.")
        var quiet = false

        func run() throws {
            let paths = self.paths.isEmpty ? [PolicyPaths.defaultDirectory] : self.paths
            let zones = ZoneDatabase()
            var set = PolicySet()
            var problems: [ConfigProblem] = []
            var checked: [TemplateCheck] = []
            for path in paths {
                let directory = TemplateCheck.policyDirectory(for: path)
                var check = checked.first { $0.directory == directory } ?? TemplateCheck(directory: directory)
                if TemplateCheck.isTemplates(path) {
                    if check == nil, FileManager.default.fileExists(atPath: path) {
                        problems.append(ConfigProblem(file: path, key: "", message: "no *.toml template files"))
                    }
                } else {
                    let (loaded, found) = PolicySet.load([path], zones: zones)
                    problems += found
                    set.holidays.merge(loaded.holidays) { $0.merging($1) }
                    set.policies.merge(loaded.policies) { $1 }
                    var isDirectory: ObjCBool = false
                    _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                    for name in loaded.policies.keys.sorted() {
                        check?.check(
                            loaded.policies[name]!, file: isDirectory.boolValue ? "\(path)/\(name).toml" : path)
                    }
                }
                if let check {
                    checked.removeAll { $0.directory == directory }
                    checked.append(check)
                }
            }
            var seen = Set<ConfigProblem>()
            problems += checked.flatMap(\.problems)
            for problem in problems where seen.insert(problem).inserted { printError(problem.description) }
            guard problems.isEmpty else { throw ExitCode(1) }
            if !quiet {
                for name in set.policies.keys.sorted() {
                    let policy = set.policies[name]!
                    print(
                        "\(name): ok (\(policy.title); \(policy.obligations.count) obligations, "
                            + "\(policy.reminders.count) reminders, \(policy.escalation.count) escalation steps)")
                }
                for id in set.holidays.keys.sorted() {
                    let calendar = set.holidays[id]!
                    print(
                        "holidays \(id): ok (\(calendar.holidays.count) days off, \(calendar.workdays.count) make-up working days)"
                    )
                }
                for check in checked {
                    print(
                        "templates \(check.directory)/templates: ok (\(check.templates.languages.joined(separator: ", ")); "
                            + "\(check.templates.ids.count) templates)")
                }
            }
        }
    }
}
