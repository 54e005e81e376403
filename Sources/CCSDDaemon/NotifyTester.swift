import CCSDNotify
import CCSDProtocol

/// `TestNotification`: a test message straight through one channel, so an administrator sees the gateway work.
public struct NotifyTester: Sendable {
    let channels: [String: any NotificationChannel]
    let office: String

    public init(channels: [String: any NotificationChannel], office: String) {
        self.channels = channels
        self.office = office
    }

    func send(_ request: Methods.TestNotification, caller: Caller) async throws(RequestError)
        -> Methods.TestNotificationReply
    {
        guard let channel = channels[request.channel] else {
            throw .invalidValue(
                parameter: "channel", value: request.channel,
                expected: "a channel of ccsd.conf: \(channels.keys.sorted().joined(separator: ", "))")
        }
        let message = "ccsd test message\(office.isEmpty ? "" : " from \(office)"), sent by \(caller.name)"
        let outcome = await channel.deliver(
            Notification(
                id: 0, event: "test", caseID: nil, recipient: "officer", address: request.address, message: message,
                fields: ["caller": caller.name]))
        switch outcome {
        case .delivered(let detail): return .init(result: "delivered", detail: detail)
        case .failed(let reason, let detail): return .init(result: "failed", detail: "\(reason)\n\(detail)")
        }
    }
}
