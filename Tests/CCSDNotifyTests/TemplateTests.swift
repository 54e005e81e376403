import Testing

@testable import CCSDNotify

@Suite("message templates") struct TemplateTests {
    static let english = """
        [reminder-soon]
        text = "{obligation} opens at {opens}; call {office_phone}. {{literal}}"

        [missed-officer]
        text = "{name} ({case_id}) missed {obligation}"
        """
    static let chinese = """
        [reminder-soon]
        text = "您的{obligation}将于{opens}开始"
        """

    @Test func loadsAndRenders() {
        let (templates, problems) = MessageTemplates.load(files: [
            "templates/en.toml": Self.english, "templates/zh-CN.toml": Self.chinese,
        ])
        #expect(problems.isEmpty)
        #expect(templates.languages == ["en", "zh-CN"])
        #expect(templates.has("reminder-soon", language: "zh-CN"))
        #expect(!templates.has("missed-officer", language: "zh-CN"))
        let values = ["obligation": "周报到", "opens": "09:00", "office_phone": "010-1234"]
        #expect(templates.render("reminder-soon", language: "zh-CN", values: values) == "您的周报到将于09:00开始")
        #expect(
            templates.render("reminder-soon", language: "en", values: values)
                == "周报到 opens at 09:00; call 010-1234. {literal}")
    }

    @Test("{obligation} says the title in the message's language, else the one for every language, else the id")
    func titlesByLanguage() {
        let (templates, _) = MessageTemplates.load(files: [
            "templates/en.toml": Self.english, "templates/zh-CN.toml": Self.chinese,
        ])
        let values = [
            "obligation": "weekly-phone", "obligation.zh-CN": "每周电话报到", "obligation.en": "weekly phone report",
            "opens": "09:00", "office_phone": "1",
        ]
        #expect(templates.render("reminder-soon", language: "zh-CN", values: values) == "您的每周电话报到将于09:00开始")
        #expect(
            templates.render("reminder-soon", language: "en", values: values)
                == "weekly phone report opens at 09:00; call 1. {literal}")
        // zh-TW falls back to zh-CN's template, and so says zh-CN's title.
        #expect(templates.render("reminder-soon", language: "zh-TW", values: values) == "您的每周电话报到将于09:00开始")
        var chineseOnly = values
        chineseOnly["obligation.en"] = nil
        #expect(templates.render("missed-officer", language: "en", values: chineseOnly) == " () missed weekly-phone")
        chineseOnly["obligation.*"] = "phone report"
        #expect(templates.render("missed-officer", language: "en", values: chineseOnly) == " () missed phone report")
    }

    @Test func fallsBackToSameLanguageThenEnglishThenAny() {
        let (templates, _) = MessageTemplates.load(files: [
            "templates/en.toml": Self.english, "templates/zh-CN.toml": Self.chinese,
            "templates/fr.toml": "[only-french]\ntext = \"bonjour\"",
        ])
        let values = ["name": "N", "case_id": "JX-1", "obligation": "o", "opens": "t"]
        #expect(templates.render("missed-officer", language: "zh-CN", values: values) == "N (JX-1) missed o")
        #expect(templates.render("reminder-soon", language: "zh", values: values) == "您的o将于t开始")
        #expect(templates.render("reminder-soon", language: "zh-TW", values: values) == "您的o将于t开始")
        #expect(templates.render("only-french", language: "zh-CN", values: [:]) == "bonjour")
        #expect(templates.render("nowhere", language: "en", values: [:]) == nil)
        #expect(templates.render("missed-officer", language: "en", values: [:]) == " () missed ")
    }

    private func problems(_ text: String, file: String = "templates/en.toml") -> [String] {
        MessageTemplates.load(files: [file: text]).1.map(\.description)
    }

    @Test func unknownPlaceholderIsAPreciseProblem() {
        let found = problems("[reminder-soon]\ntext = \"at {opens} in {room}\"")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("templates/en.toml: [reminder-soon.text]: unknown placeholder {room};") == true)
        #expect(found.first?.contains("case_id, closes, deadline") == true)
    }

    @Test func unclosedAndLoneBraces() {
        #expect(
            problems("[a]\ntext = \"at {opens\"").first?
                .hasPrefix("templates/en.toml: [a.text]: an unclosed \"{\"; expected {name}") == true)
        #expect(
            problems("[a]\ntext = \"at opens}\"")
                == ["templates/en.toml: [a.text]: a lone \"}\"; write \"}}\" for a literal brace"])
    }

    @Test func missingTextUnknownKeyAndWrongTypes() {
        #expect(
            problems("[a]\nbody = \"x\"") == [
                "templates/en.toml: [a.body]: unknown key; expected only text = \"...\"",
                "templates/en.toml: [a.text]: missing; expected the message, e.g. text = \"您好，……\"",
            ])
        #expect(
            problems("a = \"x\"") == [
                "templates/en.toml: [a]: is of type string; expected a table [a] with text = \"...\""
            ])
        #expect(problems("[a]\ntext = 3") == ["templates/en.toml: [a.text]: is of type integer; expected a string"])
        #expect(problems("[a]\ntext = \"  \"") == ["templates/en.toml: [a.text]: is empty; expected the message"])
    }

    @Test func badFilesAreNamed() {
        #expect(problems("[a\n").first?.hasPrefix("templates/en.toml: line 1") == true)
        #expect(
            problems("[a]\ntext = \"x\"", file: "templates/notes.txt").first?.contains("templates/LANGUAGE.toml")
                == true)
        #expect(problems("[a]\ntext = \"x\"", file: "templates/english!.toml").count == 1)
    }

    @Test func remindersToThePersonCarryNeitherCaseIDNorName() {
        #expect(
            problems("[reminder-x]\ntext = \"{case_id}\"")
                == [
                    "templates/en.toml: [reminder-x.text]: {case_id} is for officers' messages; reminder-* templates "
                        + "go to the person and must not carry the case id or the name"
                ])
        #expect(problems("[reminder-x]\ntext = \"hi {name}\"").count == 1)
        #expect(problems("[missed-x]\ntext = \"{name} {case_id}\"").isEmpty)
    }
}
