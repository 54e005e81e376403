import ArgumentParser
import CCSDConfig
import CCSDCore
import CCSDTime
import CCSDZoneInfo
import Foundation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Print the timeline a person on a policy would see, without a daemon.",
        discussion: """
            Runs the supervision engine over virtual time: windows opening and closing, reminders, misses, \
            escalation steps and sanction proposals. With no check-ins every window is missed, so the whole \
            ladder shows. A check-ins file has one check-in per line: a time and a method, e.g.
              2026-12-01 10:15 in-person
              2026-12-07T09:30:00+08:00 phone
            Times without an offset are in the person's time zone; lines starting with # are comments.
            """
    )

    @Option(help: "A policy name (looked up in --policies) or a policy file.")
    var policy: String

    @Option(help: "Directory of policies and holidays/ (default: ./policies, else /etc/ccsd/policies).")
    var policies: String?

    @Option(help: "First day of supervision, YYYY-MM-DD (default: today in the person's zone).")
    var from: String?

    @Option(help: "How many days to simulate.")
    var days: Int = 30

    @Option(name: .customLong("check-ins"), help: "File of check-ins: TIME METHOD per line.")
    var checkIns: String?

    @Option(
        name: .customLong("tag"), help: "A person tag obligations may apply to (temporary-service, medical-parole).")
    var tags: [String] = []

    @Option(help: "The person's time zone (default: the policy's, else the system's).")
    var zone: String?

    @Flag(name: .customLong("accept-proposals"), help: "Let a simulated officer accept every sanction proposal.")
    var acceptProposals = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660") }
    }

    func run() throws {
        let zones = ZoneDatabase()
        let policy = try loadPolicy(zones: zones)
        var personZone = policy.timeZone ?? zones.localZone()
        if let zone {
            guard let found = zones.zone(named: zone) else {
                printError("ccsctl: unknown time zone \"\(zone)\"; expected an IANA name such as Asia/Shanghai")
                throw ExitCode(1)
            }
            personZone = found
        }
        let firstDay: CivilDate
        if let from {
            guard let day = CivilDate.parse(from) else {
                printError("ccsctl: --from \"\(from)\" is not a date; expected YYYY-MM-DD")
                throw ExitCode(1)
            }
            firstDay = day
        } else {
            firstDay = personZone.date(at: Instant(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000)))
        }
        let start = personZone.startOfDay(firstDay)
        let end = personZone.startOfDay(firstDay.adding(days: days))
        let person = PersonRecord(caseID: "SIM-0001", timeZone: personZone, supervisionStart: start, tags: Set(tags))
        let inputs = try checkIns.map { try readCheckIns($0, zone: personZone) } ?? []

        let timeline = Simulation(person: person, policy: policy, acceptProposals: acceptProposals)
            .run(checkIns: inputs, until: end)
        if json {
            print(timeline.json(zone: personZone))
        } else {
            print(
                "Policy \(policy.name) (\(policy.title)), case SIM-0001, \(firstDay) to \(firstDay.adding(days: days - 1)) (\(days) days), "
                    + "times in \(personZone.identifier)")
            print(timeline.table(zone: personZone))
        }
    }

    func loadPolicy(zones: ZoneDatabase) throws -> Policy {
        let isFile = policy.contains("/") || policy.hasSuffix(".toml")
        let path = isFile ? policy : "\(policies ?? PolicyPaths.defaultDirectory)/\(policy).toml"
        let (set, problems) = PolicySet.load([path], zones: zones)
        for problem in problems { printError(problem.description) }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard problems.isEmpty, let policy = set.policies[name] else { throw ExitCode(1) }
        return policy
    }

    func readCheckIns(_ path: String, zone: ZoneRules) throws -> [CheckIn] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            printError("ccsctl: cannot read check-ins file \(path)")
            throw ExitCode(1)
        }
        var result: [CheckIn] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ")
            // A time is one word (RFC 3339) or two (date and time); the method follows.
            let split = words.count >= 3 && !words[0].contains("T") ? 2 : 1
            let timeText = words.prefix(split).joined(separator: " ")
            guard words.count > split, let at = TimeFormat.parse(timeText, zone: zone) else {
                printError("\(path):\(number + 1): expected \"TIME METHOD\", e.g. \"2026-12-01 10:15 in-person\"")
                throw ExitCode(1)
            }
            let method = String(words[split])
            guard Obligation.kinds.contains(method) else {
                printError(
                    "\(path):\(number + 1): unknown method \"\(method)\"; expected one of "
                        + Obligation.kinds.joined(separator: ", "))
                throw ExitCode(1)
            }
            result.append(CheckIn(at: at, method: method, recordedBy: "simulation"))
        }
        return result.sorted { $0.at < $1.at }
    }
}
