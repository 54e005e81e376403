import Foundation

/// Terminal colours for human output: only when standard output is a terminal, never with `--json`, and never
/// when `NO_COLOR` is set or `TERM` is `dumb`.
enum Style: String {
    case bold = "1"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case dim = "2"

    /// Whether colours are written; decided once per process.
    static let enabled: Bool = {
        let environment = ProcessInfo.processInfo.environment
        guard isatty(STDOUT_FILENO) != 0, environment["NO_COLOR"] == nil else { return false }
        return environment["TERM"] != "dumb"
    }()

    /// `text` in this style, or `text` unchanged when colours are off.
    func apply(_ text: String) -> String {
        Self.enabled && !text.isEmpty ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Colours each line of a rendered `table` (header bold) after alignment, so escapes never shift columns.
    /// `rowStyle` gets the row's index in `rows` order.
    static func table(_ rendered: String, rowStyle: (Int) -> Style?) -> String {
        guard enabled else { return rendered }
        return rendered.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            if index == 0 { return Style.bold.apply(String(line)) }
            return rowStyle(index - 1)?.apply(String(line)) ?? String(line)
        }.joined(separator: "\n")
    }

    /// The colour of an incident's state: open ones stand out, acknowledged ones are on their way.
    static func incident(_ state: String) -> Style? {
        state == "open" ? .red : .yellow
    }

    /// The colour of a sanction level: the higher the level, the louder.
    static func sanction(_ level: String) -> Style? {
        switch level {
        case "revocation-review": .red
        case "warning": .yellow
        default: nil
        }
    }
}
