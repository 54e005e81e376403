import ArgumentParser
import CCSDProtocol

struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Record that a person reported.",
        discussion: """
            Replies once the check-in is on disk. The outcome is on-time, late, resolved (a late report that \
            resolves an incident) or unmatched (no open window: recorded all the same).
            """)

    @Argument(help: "Case id, e.g. JX-2026-0042.")
    var caseID: String

    @Option(help: "in-person, phone, video, app, health-report, written-report or medical-checkup.")
    var method: String

    @Option(help: "When the person reported, RFC 3339 (default: now).")
    var at: String?

    @Option(help: "A note for the record (kept out of the journal).")
    var note: String?

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "RecordCheckIn", Methods.RecordCheckIn(caseID: caseID, method: method, at: at, note: note),
            returning: Methods.RecordCheckInReply.self)
        if connection.json { return printJSON(reply) }
        var line = "\(caseID): \(method) check-in recorded (event \(reply.eventSeq)): \(reply.outcome)"
        if let occurrence = reply.occurrence { line += ", window \(occurrence)" }
        if let incident = reply.incident { line += ", incident \(incident) resolved" }
        if reply.outcome == "unmatched" { line += " — no open window for this method; kept on record" }
        print(line)
    }
}
