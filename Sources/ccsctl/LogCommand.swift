import ArgumentParser
import CCSDProtocol

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the event log, all of it or one person's, oldest first.")

    @Argument(help: "Case id (default: every event).")
    var caseID: String?

    @Option(help: "Only events after this sequence number.")
    var after: Int64 = 0

    @Option(help: "At most this many events (1–10000).")
    var limit: Int = 100

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let events = try connection.call(
            "GetEvents", Methods.GetEvents(caseID: caseID, afterSeq: after, limit: limit),
            returning: Methods.GetEventsReply.self
        ).events
        if connection.json { return printJSON(events) }
        print(
            table(
                ["SEQ", "AT", "EVENT", "PERSON", "MESSAGE"],
                events.map { ["\($0.seq)", humanTime($0.at), $0.type, $0.person ?? "-", $0.fields["message"] ?? ""] }))
    }
}
