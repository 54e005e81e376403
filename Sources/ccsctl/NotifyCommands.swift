import ArgumentParser
import CCSDProtocol

struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries", abstract: "Notifications and their delivery, newest first (ccsd-auditor).")

    @Flag(help: "Only notifications that could not be delivered.") var failed = false
    @Option(help: "At most this many (1–10000).") var limit: Int = 100
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let deliveries = try connection.call(
            "ListDeliveries", Methods.ListDeliveries(failedOnly: failed, limit: limit),
            returning: Methods.ListDeliveriesReply.self
        ).deliveries
        if connection.json { return printJSON(deliveries) }
        guard !deliveries.isEmpty else { return print(failed ? "no failed deliveries" : "no deliveries") }
        print(
            table(
                ["ID", "CASE", "EVENT", "CHANNEL", "TO", "STATE", "TRIES", "CREATED", "LAST ERROR"],
                deliveries.map {
                    [
                        "\($0.id)", $0.caseID ?? "-", $0.event, $0.channel, $0.recipient, $0.state, "\($0.attempts)",
                        humanTime($0.created), $0.lastError ?? "",
                    ]
                }))
    }
}

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Notification channels.", subcommands: [Test.self])

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test message through a channel of ccsd.conf now (ccsd-admin).")

        @Argument(help: "Channel name, as in [channel.NAME].") var channel: String
        @Option(help: "Address handed to the channel: a phone number or user name.") var to: String?
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let reply = try connection.call(
                "TestNotification", Methods.TestNotification(channel: channel, address: to),
                returning: Methods.TestNotificationReply.self)
            if connection.json { printJSON(reply) } else { print("\(channel): \(reply.result)\n\(reply.detail)") }
            if reply.result != "delivered" { throw ExitCode(Exit.failure) }
        }
    }
}
