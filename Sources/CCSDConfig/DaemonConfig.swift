import CCSDTime
import Foundation
import TOMLKit

/// `/etc/ccsd/ccsd.conf`: where ccsd keeps its things and the limits of its socket. Every key is optional.
public struct DaemonConfig: Sendable, Hashable {
    /// Directory of policies and `holidays/`.
    public var policies: String?
    /// Where the database lives; default `$STATE_DIRECTORY`, else `/var/lib/ccsd`.
    public var stateDirectory: String?
    /// The control socket; default `$RUNTIME_DIRECTORY/ccsd.sock`, else `/run/ccsd/ccsd.sock`.
    public var socket: String?
    /// The office's time zone: persons added without one get it. Default: the system's.
    public var timeZone: String?
    /// Largest Varlink request in bytes.
    public var maxMessageBytes = 1 << 20
    /// Concurrent control connections.
    public var maxConnections = 256
    /// A control connection idle this long is closed.
    public var idleTimeout = TimeSpan.minutes(5)
    /// When true, an officer (not an admin or auditor) sees and records only for persons they are the officer of.
    public var officersOwnCaseloadOnly = false
    /// Notification channels by name (`[channel.NAME]`), as policies name them.
    public var channels: [String: ChannelConfig] = [:]
    /// Language of messages to persons (`zh-CN`, `en`).
    public var language = "zh-CN"
    /// The office's name and phone, for message templates.
    public var office = ""
    public var officePhone = ""
    /// Delivery attempts before a notification is marked failed.
    public var maxAttempts = 5
    /// Wait before the first retry; doubled after each failure.
    public var retryAfter = TimeSpan.seconds(30)
    /// Channel that tells the officer about a failed delivery; none = the journal only.
    public var failureChannel: String?

    public init() {}

    /// Parses the file's text; every problem is reported as `FILE: [table.key]: …`.
    public static func parse(_ text: String, file: String, zones: any ZoneProvider) -> Result<
        DaemonConfig, ConfigProblems
    > {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch {
            return .failure(ConfigProblems([tomlProblem(error, file: file)]))
        }
        var config = DaemonConfig()
        let top = TableReader(root, path: "", file: file)
        var problems: [ConfigProblem] = []
        if let table = top.tables("daemon").first {
            let reader = TableReader(table, path: "daemon", file: file)
            config.policies = reader.string("policies", expected: "a directory path")
            config.stateDirectory = reader.string("state-directory", expected: "a directory path")
            config.socket = reader.string("socket", expected: "a socket path")
            for (key, value) in [
                ("policies", config.policies), ("state-directory", config.stateDirectory),
                ("socket", config.socket),
            ]
            where value.map({ !$0.hasPrefix("/") }) ?? false {
                reader.problem(key, "\"\(value!)\" is not an absolute path; expected a path starting with /")
            }
            config.timeZone = reader.string("time-zone", expected: "an IANA zone such as \"Asia/Shanghai\"")
            if let zone = config.timeZone, zones.zone(named: zone) == nil {
                reader.problem("time-zone", "\"\(zone)\" is not a known time zone; expected e.g. \"Asia/Shanghai\"")
            }
            problems += reader.finish()
        }
        if let table = top.tables("limits").first {
            let reader = TableReader(table, path: "limits", file: file)
            config.maxMessageBytes = reader.int("max-message-bytes", range: 1024...(64 << 20)) ?? config.maxMessageBytes
            config.maxConnections = reader.int("max-connections", range: 1...65536) ?? config.maxConnections
            config.idleTimeout = reader.span("idle-timeout", allowZero: false) ?? config.idleTimeout
            problems += reader.finish()
        }
        if let table = top.tables("access").first {
            let reader = TableReader(table, path: "access", file: file)
            config.officersOwnCaseloadOnly = reader.bool("officers-own-caseload-only") ?? false
            problems += reader.finish()
        }
        if let table = top.tables("notify").first {
            let reader = TableReader(table, path: "notify", file: file)
            config.language = reader.string("language", expected: "zh-CN or en") ?? config.language
            config.office = reader.string("office") ?? ""
            config.officePhone = reader.string("office-phone") ?? ""
            config.maxAttempts = reader.int("max-attempts", range: 1...100) ?? config.maxAttempts
            config.retryAfter = reader.span("retry-after", allowZero: false) ?? config.retryAfter
            config.failureChannel = reader.string("failure-channel")
            problems += reader.finish()
        }
        if let table = top.tables("channel").first {
            let outer = TableReader(table, path: "channel", file: file)
            for name in table.keys.sorted() {
                guard let channel = outer.tables(name).first else { continue }
                let reader = TableReader(channel, path: "channel.\(name)", file: file)
                if let parsed = ChannelConfig.parse(reader, name: name) { config.channels[name] = parsed }
                problems += reader.finish()
            }
            problems += outer.finish()
        }
        if let failure = config.failureChannel, config.channels[failure] == nil {
            problems.append(
                ConfigProblem(
                    file: file, key: "notify.failure-channel",
                    message: "no channel \"\(failure)\"; expected one of the [channel.NAME] tables"))
        }
        problems = top.finish() + problems
        return problems.isEmpty ? .success(config) : .failure(ConfigProblems(problems))
    }
}
