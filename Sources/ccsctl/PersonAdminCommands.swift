import ArgumentParser
import CCSDProtocol
import Foundation

/// `ccsctl person update|end|suspend|resume|list|import|export`.
extension PersonCommand {
    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a person's name, phone, officer, policy or message language (ccsd-admin).",
            discussion: "A new policy applies to windows that open from now on; open windows keep theirs.")

        @Argument(help: "Case id.") var caseID: String
        @Option(help: "Full name.") var name: String?
        @Option(help: "Phone number (empty to remove).") var phone: String?
        @Option(help: "Responsible officer's user name (empty to remove).") var officer: String?
        @Option(help: "Policy name.") var policy: String?
        @Option(help: "Language of the person's own messages: zh-CN or en (empty: the office's).")
        var language: String?
        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            if name == nil && phone == nil && officer == nil && policy == nil && language == nil {
                throw ValidationError("nothing to change: give --name, --phone, --officer, --policy or --language")
            }
        }

        func run() throws {
            let person = try connection.call(
                "UpdatePerson",
                Methods.UpdatePerson(
                    caseID: caseID, name: name, phone: phone, officer: officer, policy: policy, language: language),
                returning: Methods.AddPersonReply.self
            ).person
            if connection.json { return printJSON(person) }
            print("\(person.caseID): updated; policy \(person.policy), officer \(person.officer ?? "-")")
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a person's supervision now (ccsd-admin).",
            discussion: "Open windows are excused and nothing new is scheduled; open incidents stay to be resolved.")

        @Argument(help: "Case id.") var caseID: String
        @Option(help: "Why (sentence served, revoked, …).") var reason: String
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let person = try connection.call(
                "EndSupervision", Methods.EndSupervision(caseID: caseID, reason: reason),
                returning: Methods.AddPersonReply.self
            ).person
            if connection.json { return printJSON(person) }
            print("\(person.caseID): supervision ended \(humanTime(person.supervisionEnd))")
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend supervision (custody, hospital): windows are excused until resumed (ccsd-officer).")

        @Argument(help: "Case id.") var caseID: String
        @Option(help: "Why.") var reason: String
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let person = try connection.call(
                "SuspendSupervision", Methods.EndSupervision(caseID: caseID, reason: reason),
                returning: Methods.AddPersonReply.self
            ).person
            if connection.json { return printJSON(person) }
            print("\(person.caseID): supervision suspended")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended supervision (ccsd-officer).")

        @Argument(help: "Case id.") var caseID: String
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let person = try connection.call(
                "ResumeSupervision", Methods.GetPerson(caseID: caseID), returning: Methods.AddPersonReply.self
            ).person
            if connection.json { return printJSON(person) }
            print("\(person.caseID): supervision resumed")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List persons, optionally filtered.")

        @Option(help: "Only this officer's persons.") var officer: String?
        @Option(help: "Only persons on this policy.") var policy: String?
        @Option(help: "active, suspended or ended.") var status: String?
        @Flag(name: .customLong("open-incident"), help: "Only persons with an open incident.") var openIncident = false
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let persons = try connection.call(
                "ListPersons",
                Methods.ListPersons(
                    officer: officer, policy: policy, status: status, hasOpenIncident: openIncident ? true : nil),
                returning: Methods.ListPersonsReply.self
            ).persons
            if connection.json { return printJSON(persons) }
            print(
                table(
                    ["CASE", "NAME", "POLICY", "OFFICER", "STATUS", "INCIDENTS", "PROPOSALS", "NEXT"],
                    persons.map {
                        [
                            $0.caseID, $0.name, $0.policy, $0.officer ?? "-", $0.status, "\($0.openIncidents)",
                            "\($0.pendingProposals)", humanTime($0.nextWindow),
                        ]
                    }))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add persons from a CSV file, all or nothing (ccsd-admin).",
            discussion: """
                Header row: case_id, name, policy, supervision_start required; phone, officer, time_zone, \
                supervision_end, tags (separated by ;), language (zh-CN or en) optional. With any problem nobody is added and each problem \
                is printed with its line. At most 1 MiB per import.
                """)

        @Argument(help: "CSV file (- for standard input).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check without adding.") var dryRun = false
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let data =
                file == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data, let text = String(data: data, encoding: .utf8) else {
                printError("ccsctl: cannot read \(file) as UTF-8 text")
                throw ExitCode(Exit.failure)
            }
            let reply = try connection.call(
                "ImportPersons", Methods.ImportPersons(csv: text, dryRun: dryRun),
                returning: Methods.ImportPersonsReply.self)
            if connection.json { printJSON(reply) }
            for problem in reply.problems where !connection.json {
                printError("\(file):\(problem.line): \(problem.message)")
            }
            guard reply.problems.isEmpty else { throw ExitCode(Exit.failure) }
            if !connection.json {
                print(dryRun ? "\(file): valid; nothing added (dry run)" : "\(file): \(reply.imported) persons added")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the persons as CSV (ccsd-admin; it contains names and phones).")

        @Option(help: "Only this officer's persons.") var officer: String?
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let reply = try connection.call(
                "ExportPersons", Methods.ExportPersons(officer: officer), returning: Methods.ExportPersonsReply.self)
            if connection.json { return printJSON(reply) }
            print(reply.csv, terminator: "")
        }
    }
}
