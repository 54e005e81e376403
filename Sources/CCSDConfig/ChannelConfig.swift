import CCSDTime
import Foundation

/// One notification channel of `ccsd.conf` (`[channel.NAME]`): what it is and how many deliveries it may make at once.
public struct ChannelConfig: Sendable, Hashable {
    /// How a channel delivers.
    public enum Kind: Sendable, Hashable {
        /// A program run per message: absolute path and arguments (placeholders {id} {event} {case_id} {recipient}
        /// {address}); the message on standard input.
        case exec(command: [String], timeout: TimeSpan)
        /// An HTTP(S) POST of a JSON document.
        case webhook(url: URL, headers: [String: String], timeout: TimeSpan)
    }

    /// Deliveries on one channel at once when `concurrency` is not set.
    public static let defaultConcurrency = 4

    public var kind: Kind
    /// At most this many deliveries run on the channel at once (`concurrency`, 1 to 64). Each channel has lanes of
    /// its own: a slow or hung channel holds up only its own messages.
    public var concurrency: Int

    public init(_ kind: Kind, concurrency: Int = ChannelConfig.defaultConcurrency) {
        self.kind = kind
        self.concurrency = concurrency
    }

    static func parse(_ reader: TableReader, name: String) -> ChannelConfig? {
        let timeout = reader.span("timeout", allowZero: false) ?? .seconds(10)
        let concurrency = reader.int("concurrency", range: 1...64) ?? Self.defaultConcurrency
        switch reader.string("type", required: true, expected: "\"exec\" or \"webhook\"") {
        case "exec":
            guard let command = reader.strings("command", required: true, expected: "a list: program and arguments")
            else { return nil }
            guard let program = command.first, program.hasPrefix("/") else {
                reader.problem(
                    "command", "the program must be an absolute path, e.g. [\"/usr/lib/ccsd/sms\", \"{address}\"]")
                return nil
            }
            return ChannelConfig(.exec(command: command, timeout: timeout), concurrency: concurrency)
        case "webhook":
            guard let text = reader.string("url", required: true, expected: "an http:// or https:// URL") else {
                return nil
            }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                reader.problem("url", "\"\(text)\" is not an http:// or https:// URL")
                return nil
            }
            var headers: [String: String] = [:]
            if let table = reader.tables("headers").first {
                for key in table.keys.sorted() {
                    if let value = table[key]?.string {
                        headers[key] = value
                    } else {
                        reader.problem("headers", "header \(key) must be a string")
                    }
                }
            }
            return ChannelConfig(.webhook(url: url, headers: headers, timeout: timeout), concurrency: concurrency)
        case let other?:
            reader.problem("type", "\"\(other)\" is not a channel type; expected \"exec\" or \"webhook\"")
            return nil
        case nil:
            return nil
        }
    }
}
