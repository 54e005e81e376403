import ArgumentParser
import CCSDProtocol
import CCSDVarlink
import Foundation

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Stream events as they are written (ccsd-auditor).",
        discussion: "With --follow the stream goes on until interrupted; --after SEQ first replays the log after SEQ.")

    @Flag(help: "Keep following new events (required: the stream is live).") var follow = false
    @Option(help: "First send the events after this sequence number.") var after: Int64?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard follow else { throw ValidationError("events needs --follow; for the past use `ccsctl log`") }
    }

    func run() throws {
        let client: VarlinkClient
        do {
            client = try VarlinkClient(path: connection.socketPath)
        } catch {
            _ = try connection.call("GetStatus", returning: Methods.GetStatusReply.self)
            throw ExitCode(Exit.unavailable)
        }
        do {
            try client.callMore(
                "\(SupervisionInterface.name).FollowEvents", parameters: Methods.FollowEvents(afterSeq: after)
            ) { reply in
                guard let event = try? JSONValue.object(reply).decode(Methods.FollowEventsReply.self).event else {
                    return
                }
                if connection.json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                    if let data = try? encoder.encode(event) { print(String(decoding: data, as: UTF8.self)) }
                } else {
                    print("\(event.seq)  \(humanTime(event.at))  \(event.type)  \(event.fields["message"] ?? "")")
                }
                fflush(nil)
            }
        } catch let error as VarlinkError {
            printError("ccsctl: \(ConnectionOptions.explain(error))")
            throw ExitCode(ConnectionOptions.exitCode(error))
        }
    }
}
