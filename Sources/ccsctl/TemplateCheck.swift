import CCSDConfig
import CCSDCore
import CCSDNotify
import Foundation

/// `policy check`'s look at the message templates the daemon would load for a policy directory
/// (`DIR/templates/*.toml`): the daemon's own template validation, then what only the policies can tell.
struct TemplateCheck {
    /// The policy directory, as the daemon's `[daemon] policies`.
    let directory: String
    let templates: MessageTemplates
    /// Problems as `FILE: [key]: …`.
    private(set) var problems: [ConfigProblem]
    /// `LANGUAGE/ID` of templates left out for a problem already reported, and `LANGUAGE/` for a whole file.
    let broken: Set<String>

    /// Loads `directory/templates/*.toml` with the daemon's validation; nil when there are no template files.
    init?(directory: String) {
        let files = MessageTemplates.readDirectory("\(directory)/templates")
        guard !files.isEmpty else { return nil }
        let (templates, problems) = MessageTemplates.load(files: files)
        self.directory = directory
        self.templates = templates
        self.problems = problems.map {
            ConfigProblem(file: "\(directory)/\($0.file)", key: $0.key, message: $0.message)
        }
        broken = Set(
            problems.map {
                let language = $0.file.split(separator: "/").last.map { String($0.dropLast(5)) } ?? ""
                return "\(language)/\($0.key.split(separator: ".").first ?? "")"
            })
    }

    /// The policy directory whose templates apply to a path: a directory itself, a file's folder; a `templates`
    /// directory (or a file in one) stands for its parent.
    static func policyDirectory(for path: String) -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        var url = URL(fileURLWithPath: path)
        if !(exists && isDirectory.boolValue) { url = url.deletingLastPathComponent() }
        if url.lastPathComponent == "templates" { url = url.deletingLastPathComponent() }
        return url.path == "/" ? "/" : url.path
    }

    /// Whether the path is a templates directory or a file in one (not a policy).
    static func isTemplates(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        return url.lastPathComponent == "templates" || url.deletingLastPathComponent().lastPathComponent == "templates"
    }

    private var files: String {
        templates.languages.map { "templates/\($0).toml" }.joined(separator: ", ")
    }

    /// Checks one policy (from `file`) against the templates.
    mutating func check(_ policy: Policy, file: String) {
        for (i, reminder) in policy.reminders.enumerated() {
            check(reminder.template, to: reminder.recipients, file: file, key: "reminder.\(i + 1).template")
        }
        for (i, step) in policy.escalation.enumerated() {
            check(step.template, to: step.recipients, file: file, key: "escalation.\(i + 1).template")
        }
        if !policy.escalation.isEmpty {
            // Whoever an escalation paged hears that the incident is resolved.
            let recipients = Array(Set(policy.escalation.flatMap(\.recipients)))
            check("resolved-notice", to: recipients, file: file, key: "escalation")
        }
        for (i, obligation) in policy.obligations.enumerated() {
            for language in obligation.titles.keys.sorted() where !language.isEmpty {
                if !templates.languages.contains(language) {
                    problems.append(
                        ConfigProblem(
                            file: file, key: "obligation.\(i + 1).title.\(language)",
                            message: "no templates/\(language).toml in \(directory); expected a title in a language "
                                + "messages are written in: \(templates.languages.joined(separator: ", "))"))
                }
            }
        }
    }

    private mutating func check(_ id: String, to recipients: [Recipient], file: String, key: String) {
        for language in templates.languages {
            guard let used = templates.placeholders(id, language: language) else {
                if broken.contains("\(language)/\(id)") || broken.contains("\(language)/") { continue }
                problems.append(
                    ConfigProblem(
                        file: file, key: key,
                        message: "no template [\(id)] in \(directory)/templates/\(language).toml; expected it in "
                            + "every language (\(files))"))
                continue
            }
            if recipients.contains(.person),
                let name = used.first(where: MessageTemplates.officerOnlyPlaceholders.contains)
            {
                problems.append(
                    ConfigProblem(
                        file: file, key: key,
                        message: "[\(id)] goes to the person but uses {\(name)} in \(directory)/templates/"
                            + "\(language).toml; expected a template without {name} or {case_id}, such as a "
                            + "reminder-* one"))
            }
        }
    }
}
