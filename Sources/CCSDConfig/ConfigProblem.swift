/// One thing wrong in a configuration file, said the way `ccsctl policy check` prints it:
/// `FILE: [table.key]: what is wrong and what is expected`.
public struct ConfigProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    /// Dotted key path, e.g. `obligation.weekly-in-person.window`; empty for the file as a whole.
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

/// Problems of several files, for callers that want all of them at once.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public let problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
