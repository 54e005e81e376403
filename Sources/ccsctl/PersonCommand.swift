import ArgumentParser
import CCSDProtocol

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Add, change, end, list, import and export supervised persons.",
        subcommands: [
            Add.self, Show.self, Update.self, End.self, Suspend.self, Resume.self, List.self, Import.self, Export.self,
        ])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person under supervision (ccsd-admin).",
            discussion: "Name and phone are kept in ccsd's database only; the journal carries the case id.")

        @Argument(help: "Case id: letters, digits and -, e.g. JX-2026-0042.")
        var caseID: String

        @Option(help: "Full name.")
        var name: String

        @Option(help: "Policy name (strict, ordinary, lenient, ...).")
        var policy: String

        @Option(help: "When supervision started (the judgement took effect), RFC 3339.")
        var start: String

        @Option(help: "When supervision ends, RFC 3339.")
        var end: String?

        @Option(help: "Phone number for reminders.")
        var phone: String?

        @Option(help: "Responsible officer's user name.")
        var officer: String?

        @Option(name: .customLong("time-zone"), help: "IANA time zone (default: the policy's, else the office's).")
        var timeZone: String?

        @Option(name: .customLong("tag"), help: "A tag obligations may apply to (repeatable).")
        var tags: [String] = []

        @Option(help: "Language of the person's own messages: zh-CN or en (default: ccsd.conf's [notify] language).")
        var language: String?

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let request = Methods.AddPerson(
                caseID: caseID, name: name, phone: phone, policy: policy, officer: officer, timeZone: timeZone,
                supervisionStart: start, supervisionEnd: end, tags: tags.isEmpty ? nil : tags,
                language: language)
            let person = try connection.call("AddPerson", request, returning: Methods.AddPersonReply.self).person
            if connection.json { return printJSON(person) }
            print(
                "\(person.caseID): added on policy \(person.policy), supervision from \(humanTime(person.supervisionStart))"
            )
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a person's record, windows, open incidents and pending proposals.")

        @Argument(help: "Case id.")
        var caseID: String

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let reply = try connection.call(
                "GetPerson", Methods.GetPerson(caseID: caseID), returning: Methods.GetPersonReply.self)
            if connection.json { return printJSON(reply) }
            let p = reply.person
            print("\(p.caseID)  \(p.name)  policy \(p.policy)  officer \(p.officer ?? "-")  \(p.status)")
            print(
                "supervision \(humanTime(p.supervisionStart)) – \(humanTime(p.supervisionEnd)), \(p.timeZone)"
                    + (p.tags.isEmpty ? "" : ", tags \(p.tags.joined(separator: ", "))"))
            print("messages in \(p.language ?? "the office's language")")
            print("\nWindows")
            print(
                table(
                    ["STATE", "OBLIGATION", "KIND", "OPENS", "CLOSES", "OCCURRENCE"],
                    reply.windows.map {
                        [$0.state, $0.obligation, $0.kind, humanTime($0.opens), humanTime($0.closes), $0.occurrence]
                    }))
            print("\nOpen incidents" + (reply.incidents.isEmpty ? ": none" : ""))
            if !reply.incidents.isEmpty {
                print(
                    table(
                        ["STATE", "OPENED", "INCIDENT"],
                        reply.incidents.map { [$0.state, humanTime($0.opened), $0.id] }))
            }
            print("\nPending sanction proposals" + (reply.proposals.isEmpty ? ": none" : ""))
            if !reply.proposals.isEmpty {
                print(
                    table(
                        ["LEVEL", "PROPOSED", "REASON", "ID"],
                        reply.proposals.map { [$0.level, humanTime($0.proposed), $0.reason, $0.id] }))
            }
        }
    }
}
