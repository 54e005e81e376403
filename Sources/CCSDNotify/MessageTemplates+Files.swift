import Foundation

extension MessageTemplates {
    /// The texts of a templates directory's `*.toml` files, keyed `templates/NAME.toml` as `load(files:)` takes
    /// them; an unreadable file maps to an empty string. No directory: no files.
    public static func readDirectory(_ directory: String) -> [String: String] {
        let url = URL(fileURLWithPath: directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".toml") && !name.hasPrefix(".") {
            let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) ?? Data()
            files["templates/\(name)"] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    /// The languages a templates directory has files for (`zh-CN.toml` → `zh-CN`), sorted.
    public static func languages(inDirectory directory: String) -> [String] {
        readFileNames(directory).compactMap { language(of: $0) }.sorted()
    }

    private static func readFileNames(_ directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
    }

    /// The placeholders a template uses in `language` itself (no fallback), in order; nil if it has no such template.
    public func placeholders(_ id: String, language: String) -> [String]? {
        templates[language]?[id]?.placeholders
    }

    /// The values for a message in `language`: a value keyed `NAME.LANGUAGE` (`obligation.en`, an obligation's
    /// title in English) stands for `{NAME}` in that language, else one keyed `NAME.*` (for every language), else
    /// `NAME` itself; other languages' variants are left out.
    static func localized(_ values: [String: String], language: String) -> [String: String] {
        var result: [String: String] = [:]
        var everyLanguage: [String: String] = [:]
        var variants: [String: String] = [:]
        for (key, value) in values {
            guard let dot = key.firstIndex(of: ".") else {
                result[key] = value
                continue
            }
            let name = String(key[..<dot])
            let tag = key[key.index(after: dot)...]
            if tag == language { variants[name] = value } else if tag == "*" { everyLanguage[name] = value }
        }
        return result.merging(everyLanguage) { $1 }.merging(variants) { $1 }
    }
}
