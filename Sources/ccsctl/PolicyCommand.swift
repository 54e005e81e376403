import ArgumentParser
import CCSDConfig
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
            abstract: "Validate policy files and directories.",
            discussion: """
                A directory means its *.toml policies and the holiday calendars in its holidays/ folder. \
                Prints every problem on its own line as `FILE: [table.key]: what is wrong and what is expected` \
                and exits 1 if there is any; exits 0 when all are valid.
                """
        )

        @Argument(help: "Policy files or directories (default: ./policies, else /etc/ccsd/policies).")
        var paths: [String] = []

        @Flag(name: .shortAndLong, help: "Only print problems.")
        var quiet = false

        func run() throws {
            let paths = self.paths.isEmpty ? [PolicyPaths.defaultDirectory] : self.paths
            let (set, problems) = PolicySet.load(paths, zones: ZoneDatabase())
            for problem in problems { printError(problem.description) }
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
            }
        }
    }
}
