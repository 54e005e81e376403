import CCSDConfig
import CCSDZoneInfo
import Foundation
import Testing

@Suite("ccsd.conf channels: kind, timeout and concurrency")
struct ChannelConfigTests {
    static let zones = ZoneDatabase()

    static func parse(_ text: String) -> Result<DaemonConfig, ConfigProblems> {
        DaemonConfig.parse(text, file: "ccsd.conf", zones: zones)
    }

    @Test("concurrency is read per channel, 4 when not set")
    func concurrency() throws {
        let config = try Self.parse(
            """
            [channel.sms]
            type = "exec"
            command = ["/usr/lib/ccsd/sms", "{address}"]
            concurrency = 2
            [channel.hook]
            type = "webhook"
            url = "https://alerts.example.internal/ccsd"
            timeout = "5s"
            """
        ).get()
        #expect(config.channels["sms"]?.concurrency == 2)
        #expect(config.channels["hook"]?.concurrency == ChannelConfig.defaultConcurrency)
        #expect(ChannelConfig.defaultConcurrency == 4)
        #expect(
            config.channels["sms"]?.kind == .exec(command: ["/usr/lib/ccsd/sms", "{address}"], timeout: .seconds(10)))
        guard case .webhook(let url, _, let timeout)? = config.channels["hook"]?.kind else {
            Issue.record("hook is not a webhook")
            return
        }
        #expect(url.absoluteString == "https://alerts.example.internal/ccsd" && timeout == .seconds(5))
    }

    @Test("a concurrency out of range or of the wrong type names its key")
    func badConcurrency() {
        for (value, words) in [("0", "out of range"), ("65", "out of range"), ("\"many\"", "integer")] {
            let result = Self.parse(
                """
                [channel.sms]
                type = "exec"
                command = ["/usr/lib/ccsd/sms"]
                concurrency = \(value)
                """)
            guard case .failure(let problems) = result else {
                Issue.record("concurrency = \(value) was accepted")
                continue
            }
            #expect(problems.description.contains("channel.sms.concurrency"), "\(problems)")
            #expect(problems.description.contains(words), "\(problems)")
        }
    }
}
