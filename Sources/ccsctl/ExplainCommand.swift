import ArgumentParser
import CCSDProtocol
import Foundation

/// `ccsctl explain CASE`: Explain, with the times in its lines written for people.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a person's situation in plain words.",
        discussion: "Next windows and their reminders, escalation times of open incidents, and the ladder counters.")

    @Argument(help: "Case id.")
    var caseID: String

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call(
            "Explain", Methods.GetPerson(caseID: caseID), returning: Methods.ExplainReply.self)
        if connection.json { return printJSON(reply.lines) }
        for line in reply.lines { print(Self.humanTimes(in: line)) }
    }

    /// RFC 3339 times in a line, written as `humanTime` does; times inside ids (`obligation@…Z`) stay as they are.
    static let rfc3339 = try! NSRegularExpression(
        pattern: #"(?<![@\w])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)"#)

    static func humanTimes(in line: String) -> String {
        let text = line as NSString
        var result = ""
        var last = 0
        for match in rfc3339.matches(in: line, range: NSRange(location: 0, length: text.length)) {
            result += text.substring(with: NSRange(location: last, length: match.range.location - last))
            result += humanTime(text.substring(with: match.range))
            last = match.range.location + match.range.length
        }
        return result + text.substring(from: last)
    }
}
