import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler for a developer's terminal: one line per call on stderr.
///
/// `2026-11-29T05:00:00Z info ccsd: message key=value`: UTC time, level, the logger's label, the message and the
/// metadata sorted by key. Values with spaces, quotes or `=` are quoted; newlines in messages are escaped so one
/// call is always one line. Each line is written with a single `write(2)`, so lines of concurrent calls never mix.
public struct StderrLogHandler: LogHandler {
    /// The logger's label, printed before the message.
    public let label: String
    /// Metadata attached to every line of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Lines below this level are not printed.
    public var logLevel: Logger.Level
    /// Contextual metadata (task-local values, for example) merged in at each call.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger named `label`.
    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// Reads or writes one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line to stderr.
    public func log(event: LogEvent) {
        var line = Array(format(event, at: Self.now()).utf8)
        line.append(UInt8(ascii: "\n"))
        Self.writeAll(line)
    }

    /// The wall clock's seconds. Not `time(nil)`: glibc reads a coarse clock there that can lag a few milliseconds,
    /// so an event due at 10:20:00 and performed 1 ms later was logged as 10:19:59.
    public static func now() -> time_t {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return spec.tv_sec
    }

    /// Writes all of `bytes` to stderr (retrying short writes and EINTR); a closed stderr drops the rest.
    static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// The line for `event` at `seconds` since the epoch, without the trailing newline.
    func format(_ event: LogEvent, at seconds: time_t) -> String {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }

        var line = "\(Self.timestamp(seconds)) \(event.level) \(label): \(Self.escaped(event.message.description))"
        if let error = event.error { line += " error=" + Self.quoted(String(describing: error)) }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=" + Self.quoted(JournalLogHandler.string(value))
        }
        return line
    }

    /// RFC 3339 UTC time with seconds: `2026-11-29T05:00:00Z`.
    static func timestamp(_ seconds: time_t) -> String {
        var copy = seconds
        var parts = tm()
        gmtime_r(&copy, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        return "\(date)T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// Escapes backslashes and line breaks so the text stays on one line.
    static func escaped(_ text: String) -> String {
        // Printable ASCII without a backslash (nearly every message) needs no Character walk.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) { return text }
        guard text.contains(where: { $0 == "\\" || $0.isNewline }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            default: out.append(character.isNewline ? " " : character)
            }
        }
        return out
    }

    /// A metadata value as it is, or in double quotes when empty or containing spaces, quotes, `=` or line breaks.
    static func quoted(_ text: String) -> String {
        let ascii =
            !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x3D && $0 != 0x5C }
        if ascii { return text }
        let plain =
            !text.isEmpty && !text.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.isNewline }
        if plain { return text }
        return "\"" + escaped(text).replacingQuotes() + "\""
    }
}

extension String {
    /// The text with every `"` escaped as `\"`.
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\"" { out += "\\\"" } else { out.append(character) }
        }
        return out
    }
}
