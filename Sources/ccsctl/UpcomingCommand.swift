import ArgumentParser
import CCSDProtocol

/// `ccsctl upcoming [--within SPAN] [--officer USER]`: ListUpcoming.
struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "Windows open now or opening soon, earliest first.",
        discussion: """
            On a large caseload ccsd refuses a question that would rebuild more than 20,000 persons' engines from \
            disk at once: name an officer or a shorter span.
            """)

    @Option(help: "How far ahead: a span such as 24h, 3d or 1w (at most 366d).")
    var within = "24h"

    @OptionGroup var queue: QueueOptions
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let windows = try connection.call(
            "ListUpcoming", Methods.Queue(officer: queue.officer, within: within),
            returning: Methods.ListUpcomingReply.self
        ).windows
        if connection.json { return printJSON(windows) }
        guard !windows.isEmpty else { return print("no windows open or opening within \(within)\(queue.scope)") }
        let rendered = table(
            ["OPENS", "CLOSES", "STATE", "CASE", "OFFICER", "KIND", "OCCURRENCE"],
            windows.map {
                [
                    humanTime($0.window.opens), humanTime($0.window.closes), $0.window.state, $0.caseID,
                    $0.officer ?? "-", $0.window.kind, $0.window.occurrence,
                ]
            })
        print(Style.table(rendered) { windows[$0].window.state == "open" ? .green : nil })
    }
}
