/// Message templates per template id and language, read from `templates/<language>.toml` beside the policies.
///
/// Each file holds one table per template id with one key, `text`:
///
/// ```toml
/// [reminder-day-before]
/// text = "您好，您的{obligation}将于{opens}开始，请于{closes}前到司法所报到。"
/// ```
///
/// Placeholders are `{name}` with a name from `placeholders`; `{{` and `}}` are literal braces. `{case_id}` and
/// `{name}` (the person's name) are for officers' and supervisors' messages: a template whose id starts with
/// `reminder-` goes to the person and may use neither (the case id is internal; an SMS may be read by others).
public struct MessageTemplates: Sendable {
    /// Every placeholder a template may use.
    public static let placeholders: Set<String> = [
        "case_id", "obligation", "kind", "opens", "closes", "deadline", "incident", "step", "office",
        "office_phone", "name",
    ]
    /// Placeholders a person's own messages (ids starting with `reminder-`) must not use.
    public static let officerOnlyPlaceholders: Set<String> = ["case_id", "name"]
    /// The language used when a person's language has no such template.
    public static let fallbackLanguage = "en"

    /// language → template id → template.
    var templates: [String: [String: MessageTemplate]]

    init(templates: [String: [String: MessageTemplate]]) {
        self.templates = templates
    }

    /// Reads every file (key: `templates/en.toml`, value: its text); a file or template with a problem is left out.
    public static func load(files: [String: String]) -> (MessageTemplates, [TemplateProblem]) {
        var templates: [String: [String: MessageTemplate]] = [:]
        var problems: [TemplateProblem] = []
        for (file, text) in files.sorted(by: { $0.key < $1.key }) {
            guard let language = language(of: file) else {
                problems.append(
                    TemplateProblem(
                        file: file, key: "",
                        message: "is not named after a language; expected templates/LANGUAGE.toml such as "
                            + "templates/zh-CN.toml or templates/en.toml"))
                continue
            }
            var reader = TemplateFileReader(file: file)
            let loaded = reader.read(text)
            problems += reader.problems
            templates[language, default: [:]].merge(loaded) { _, new in new }
        }
        return (MessageTemplates(templates: templates), problems)
    }

    /// The language a file is for: `templates/zh-CN.toml` → `zh-CN`; nil if the name is not a language tag.
    static func language(of file: String) -> String? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        guard name.hasSuffix(".toml") else { return nil }
        let tag = String(name.dropLast(5))
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (2...3).contains(first.count), first.allSatisfy(\.isASCII),
            first.allSatisfy(\.isLetter),
            subtags.dropFirst().allSatisfy({
                (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLetter || $0.isNumber }
            })
        else { return nil }
        return tag
    }

    /// The languages that have at least one template, sorted.
    public var languages: [String] { templates.filter { !$0.value.isEmpty }.keys.sorted() }

    /// Every template id of any language, sorted.
    public var ids: [String] { Set(templates.values.flatMap(\.keys)).sorted() }

    /// Whether `language` itself (no fallback) has the template.
    public func has(_ id: String, language: String) -> Bool {
        templates[language]?[id] != nil
    }

    /// Renders; falls back to a language with the same primary subtag (`zh` for `zh-CN`), then to "en", then to any
    /// language having the template (in sorted order); nil if no language has it. A value keyed `NAME.LANGUAGE`
    /// (`obligation.zh-CN`: the obligation's title) fills `{NAME}` when the message is in that language, else one
    /// keyed `NAME.*`.
    public func render(_ id: String, language: String, values: [String: String]) -> String? {
        guard let resolved = resolvedLanguage(id, language: language) else { return nil }
        return templates[resolved]?[id]?.render(Self.localized(values, language: resolved))
    }

    /// The language `render` would use for the template.
    public func resolvedLanguage(_ id: String, language: String) -> String? {
        if has(id, language: language) { return language }
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? ""
        let having = languages.filter { has(id, language: $0) }
        if let sibling = having.first(where: { $0.split(separator: "-").first?.lowercased() == primary }) {
            return sibling
        }
        if having.contains(Self.fallbackLanguage) { return Self.fallbackLanguage }
        return having.first
    }

    func template(_ id: String, language: String) -> MessageTemplate? {
        resolvedLanguage(id, language: language).flatMap { templates[$0]?[id] }
    }
}
