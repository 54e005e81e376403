import Foundation
import TOMLKit

/// Reads one template file into templates, collecting a precise problem for everything wrong in it.
struct TemplateFileReader {
    let file: String
    private(set) var problems: [TemplateProblem] = []

    init(file: String) {
        self.file = file
    }

    private mutating func problem(_ key: String, _ message: String) {
        problems.append(TemplateProblem(file: file, key: key, message: message))
    }

    mutating func read(_ text: String) -> [String: MessageTemplate] {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let position = error.source.begin
            problem("", "line \(position.line), column \(position.column): \(error.description)")
            return [:]
        } catch {
            problem("", "not valid TOML: \(error)")
            return [:]
        }
        var templates: [String: MessageTemplate] = [:]
        for id in root.keys.sorted() {
            guard let value = root[id] else { continue }
            guard let table = value.table else {
                problem(id, "is of type \(value.type); expected a table [\(id)] with text = \"...\"")
                continue
            }
            guard Self.isValidID(id) else {
                problem(id, "is not a template id; expected lower-case letters, digits and \"-\", e.g. [reminder-soon]")
                continue
            }
            if let template = read(table, id: id) { templates[id] = template }
        }
        return templates
    }

    private mutating func read(_ table: TOMLTable, id: String) -> MessageTemplate? {
        for key in table.keys.sorted() where key != "text" {
            problem("\(id).\(key)", "unknown key; expected only text = \"...\"")
        }
        guard let value = table["text"] else {
            problem("\(id).text", "missing; expected the message, e.g. text = \"您好，……\"")
            return nil
        }
        guard let text = value.string else {
            problem("\(id).text", "is of type \(value.type); expected a string")
            return nil
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            problem("\(id).text", "is empty; expected the message")
            return nil
        }
        switch MessageTemplate.parse(text, allowed: MessageTemplates.placeholders) {
        case .failure(let error):
            problem("\(id).text", error.message)
            return nil
        case .success(let template):
            if id.hasPrefix("reminder-") {
                let forbidden = template.placeholders.filter(MessageTemplates.officerOnlyPlaceholders.contains)
                if let name = forbidden.first {
                    problem(
                        "\(id).text",
                        "{\(name)} is for officers' messages; reminder-* templates go to the person and must not "
                            + "carry the case id or the name")
                    return nil
                }
            }
            return template
        }
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
