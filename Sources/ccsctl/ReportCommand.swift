import ArgumentParser
import CCSDProtocol
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports over the caseload.", subcommands: [Compliance.self])

    struct Compliance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Windows by outcome per person and per officer, with the on-time rate.",
            discussion: "Counts windows that opened from --from to --to (exclusive), days in the office's time zone.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, csv, json
        }

        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Day after the last, YYYY-MM-DD.") var to: String
        @Option(help: "Only this officer's persons.") var officer: String?
        @Option(help: "table, csv or json.") var format: Format = .table
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let reply = try connection.call(
                "ComplianceReport", Methods.ComplianceReport(from: from, to: to, officer: officer),
                returning: Methods.ComplianceReportReply.self)
            if connection.json || format == .json { return printJSON(reply) }
            let header = [
                "KEY", "OFFICER", "WINDOWS", "ON-TIME", "LATE", "MISSED", "EXCUSED", "PENDING", "ON-TIME RATE",
            ]
            func cells(_ row: ComplianceRow) -> [String] {
                [
                    row.key, row.officer ?? "-", "\(row.windows)", "\(row.onTime)", "\(row.late)", "\(row.missed)",
                    "\(row.excused)", "\(row.pending)",
                    row.onTimeRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                ]
            }
            if format == .csv {
                let rows = reply.persons.map(cells) + reply.officers.map(cells)
                print(([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n"))
                return
            }
            print("Persons, windows opening \(from) to \(to)")
            print(table(header, reply.persons.map(cells)))
            print("\nOfficers")
            print(table(header, reply.officers.map(cells)))
        }
    }
}
