import CCSDConfig
import CCSDCore

/// The message templates of a policy directory (`DIR/templates/*.toml`) checked against its policies, as both
/// `ccsctl policy check` and the daemon (at start and on reload, when channels are configured) do it: the
/// templates' own validation, then every template a reminder or escalation names present in every language, a
/// resolved notice when a policy escalates, no `{name}` or `{case_id}` in a template sent to the person, and
/// obligation titles only in languages with templates.
public struct TemplateCheck: Sendable {
    /// The policy directory, as the daemon's `[daemon] policies`.
    public let directory: String
    public let templates: MessageTemplates
    /// Problems as `FILE: [key]: …`.
    public private(set) var problems: [ConfigProblem]
    /// `LANGUAGE/ID` of templates left out for a problem already reported, and `LANGUAGE/` for a whole file.
    let broken: Set<String>

    /// Loads template files (keyed `templates/NAME.toml`, as `MessageTemplates.readDirectory` gives them) with the
    /// daemon's validation. No files: no templates, so every template a checked policy names is missing.
    public init(directory: String, files: [String: String]) {
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

    /// Reads `directory/templates/*.toml`; nil when there are no template files.
    public init?(directory: String) {
        let files = MessageTemplates.readDirectory("\(directory)/templates")
        guard !files.isEmpty else { return nil }
        self.init(directory: directory, files: files)
    }

    private var files: String {
        templates.languages.map { "templates/\($0).toml" }.joined(separator: ", ")
    }

    /// Checks every policy of a set loaded from `directory` (each from `directory/NAME.toml`).
    public mutating func check(_ set: PolicySet) {
        for name in set.policies.keys.sorted() {
            check(set.policies[name]!, file: "\(directory)/\(name).toml")
        }
    }

    /// Checks one policy (from `file`) against the templates.
    public mutating func check(_ policy: Policy, file: String) {
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
        // Without any template the missing templates say it all.
        guard !templates.languages.isEmpty else { return }
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
        if templates.languages.isEmpty, broken.isEmpty {
            problems.append(
                ConfigProblem(
                    file: file, key: key,
                    message: "no template [\(id)]: \(directory)/templates has no template files; expected "
                        + "templates/LANGUAGE.toml (such as zh-CN.toml or en.toml) with a [\(id)] table"))
            return
        }
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
