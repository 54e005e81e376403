import ArgumentParser
import CCSDProtocol

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the daemon's summary: persons, open windows, incidents, next deadline.")

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let status = try connection.call("GetStatus", returning: Methods.GetStatusReply.self).status
        if connection.json { return printJSON(status) }
        print(
            keyValues(
                [
                    ["ccsd", "\(status.version), running since \(humanTime(status.started))"],
                    ["persons", "\(status.persons)"], ["open windows", "\(status.openWindows)"],
                    ["open incidents", "\(status.openIncidents)"], ["pending proposals", "\(status.pendingProposals)"],
                    ["next deadline", humanTime(status.nextDeadline)],
                    ["policies", status.policies.joined(separator: ", ")],
                ]))
    }
}
