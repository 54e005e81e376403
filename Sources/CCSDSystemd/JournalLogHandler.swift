import Logging

/// A swift-log handler that writes each log call as one structured journal entry.
///
/// Fields: `MESSAGE`, `PRIORITY` (from the level), `SYSLOG_IDENTIFIER=ccsd`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`,
/// `CCSD_LOGGER` (the logger's label), `CCSD_ERROR` when the call carried an error, and every metadata key mapped
/// with ``JournalField/metadataName(_:)`` (`"person-id"` → `CCSD_PERSON_ID`), values stringified.
/// What goes into messages and metadata is the caller's business: the journal must carry case ids, never names.
public struct JournalLogHandler: LogHandler {
    /// The logger's label, sent as `CCSD_LOGGER`.
    public let label: String
    /// Metadata attached to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Entries below this level are not sent.
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

    /// Sends the event to the journal; a journal that cannot be reached drops it (there is nowhere else to say so).
    public func log(event: LogEvent) {
        _ = Journal.sendv(fields(for: event))
    }

    /// The journal fields of one event, in a stable order (fixed fields first, then metadata sorted by key).
    func fields(for event: LogEvent) -> [JournalField] {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }

        var fields: [JournalField] = [
            JournalField(valid: "MESSAGE", value: event.message.description),
            JournalField(valid: "PRIORITY", value: String(Self.priority(event.level))),
            JournalField(valid: "SYSLOG_IDENTIFIER", value: Journal.syslogIdentifier),
            JournalField(valid: "CODE_FILE", value: event.file),
            JournalField(valid: "CODE_LINE", value: String(event.line)),
            JournalField(valid: "CODE_FUNC", value: event.function),
            JournalField(valid: "CCSD_LOGGER", value: label),
        ]
        if let error = event.error {
            fields.append(JournalField(valid: "CCSD_ERROR", value: String(describing: error)))
        }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append(JournalField(valid: JournalField.metadataName(key), value: Self.string(value)))
        }
        return fields
    }

    /// The syslog priority of a swift-log level: trace and debug → 7, info → 6, notice → 5, warning → 4,
    /// error → 3, critical → 2.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// A metadata value as text: strings as they are, arrays and dictionaries in swift-log's notation.
    static func string(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }
}
