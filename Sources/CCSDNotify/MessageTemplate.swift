/// One template's text, split into literal text and `{placeholder}`s. `{{` and `}}` stand for literal braces.
struct MessageTemplate: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        case placeholder(String)
    }

    let parts: [Part]

    /// The placeholder names used, in order of first use.
    var placeholders: [String] {
        var seen: [String] = []
        for case .placeholder(let name) in parts where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// Parses `text`; the error says what is wrong and what is expected.
    static func parse(_ text: String, allowed: Set<String>) -> Result<MessageTemplate, TemplateSyntaxError> {
        var parts: [Part] = []
        var literal = ""
        var characters = Array(text)[...]
        let expected = "expected {name} with name one of: \(allowed.sorted().joined(separator: ", "))"
        while let character = characters.popFirst() {
            switch character {
            case "{" where characters.first == "{", "}" where characters.first == "}":
                literal.append(characters.removeFirst())
            case "}":
                return .failure(TemplateSyntaxError("a lone \"}\"; write \"}}\" for a literal brace"))
            case "{":
                guard let close = characters.firstIndex(of: "}") else {
                    return .failure(
                        TemplateSyntaxError("an unclosed \"{\"; \(expected), or \"{{\" for a literal brace"))
                }
                let name = String(characters[..<close])
                characters = characters[(close + 1)...]
                guard allowed.contains(name) else {
                    return .failure(TemplateSyntaxError("unknown placeholder {\(name)}; \(expected)"))
                }
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(.placeholder(name))
            default:
                literal.append(character)
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return .success(MessageTemplate(parts: parts))
    }

    /// The text with every placeholder replaced by its value; a placeholder without a value becomes empty.
    func render(_ values: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .placeholder(let name): values[name] ?? ""
            }
        }.joined()
    }
}

/// What is wrong with a template's text.
struct TemplateSyntaxError: Error, Hashable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
