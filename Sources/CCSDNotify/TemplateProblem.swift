/// One thing wrong in a template file, said the way `ccsctl policy check` prints it:
/// `FILE: [table.key]: what is wrong and what is expected`.
public struct TemplateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's key as given to `MessageTemplates.load`, e.g. `templates/en.toml`.
    public let file: String
    /// Dotted key path, e.g. `reminder-day-before.text`; empty for the file as a whole.
    public let key: String
    public let message: String

    public init(file: String, key: String, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        key.isEmpty ? "\(file): \(message)" : "\(file): [\(key)]: \(message)"
    }
}
