import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Many lines in ``StderrLogHandler``'s format, built into one buffer and written to stderr with one `write(2)`.
///
/// For a stream of records (the event mirror) that would otherwise cost a `Logger` call, a metadata merge and a
/// system call each. Every line carries the same time, the moment the buffer was started.
public struct StderrLines {
    /// The logger's label, printed before each message.
    public let label: String
    private let timestamp: String
    private(set) var bytes: [UInt8] = []

    /// An empty buffer whose lines are dated `seconds` since the epoch.
    public init(label: String, at seconds: time_t) {
        self.label = label
        timestamp = StderrLogHandler.timestamp(seconds)
    }

    /// Lines appended so far, each ending in a newline.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one line: time, level, label, the message (escaped to one line) and `metadata` in the order given
    /// (the caller sorts it by key, as ``StderrLogHandler`` does).
    public mutating func append(level: Logger.Level, message: String, metadata: [(String, String)]) {
        bytes.append(contentsOf: timestamp.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: level.rawValue.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: label.utf8)
        bytes.append(contentsOf: ": ".utf8)
        bytes.append(contentsOf: StderrLogHandler.escaped(message).utf8)
        for (key, value) in metadata {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: key.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(contentsOf: StderrLogHandler.quoted(value).utf8)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Writes every line appended and empties the buffer; a closed stderr drops them.
    public mutating func write() {
        StderrLogHandler.writeAll(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
