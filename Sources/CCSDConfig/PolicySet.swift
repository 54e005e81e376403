import CCSDCore
import CCSDTime
import Foundation

/// All policies of a directory (`/etc/ccsd/policies`) with their holiday calendars, loaded and validated together.
public struct PolicySet: Sendable {
    public var policies: [String: Policy]
    public var holidays: [String: HolidayCalendar]

    public init(policies: [String: Policy] = [:], holidays: [String: HolidayCalendar] = [:]) {
        self.policies = policies
        self.holidays = holidays
    }

    /// Loads files and directories: a directory means its `*.toml` policies and `holidays/*.toml`;
    /// a file beside a `holidays/` folder uses those calendars. Every problem is returned, none thrown.
    public static func load(_ paths: [String], zones: any ZoneProvider) -> (PolicySet, [ConfigProblem]) {
        var set = PolicySet()
        var problems: [ConfigProblem] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(ConfigProblem(file: path, key: "", message: "no such file or directory"))
                continue
            }
            let url = URL(fileURLWithPath: path)
            if isDirectory.boolValue {
                let (loaded, found) = load(files: readDirectory(path), directory: path, zones: zones)
                problems += found
                set.holidays.merge(loaded.holidays) { $0.merging($1) }
                set.policies.merge(loaded.policies) { $1 }
            } else if url.deletingLastPathComponent().lastPathComponent == "holidays" {
                problems += loadHolidays(files: [url]).1
            } else {
                let (holidays, holidayProblems) = loadHolidays(
                    in: url.deletingLastPathComponent().appendingPathComponent("holidays"))
                problems += holidayProblems
                set.holidays.merge(holidays) { $0.merging($1) }
                problems += set.loadPolicy(url, zones: zones)
            }
        }
        return (set, problems)
    }

    /// Loads a policy directory from its files' texts (relative path → text): `*.toml` policies and
    /// `holidays/*.toml` calendars. The daemon keeps these texts so it can replay history with the policies of
    /// the time.
    public static func load(files: [String: String], directory: String, zones: any ZoneProvider) -> (
        PolicySet, [ConfigProblem]
    ) {
        var set = PolicySet()
        var problems: [ConfigProblem] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("holidays/") {
            switch HolidayLoader().parse(text, file: "\(directory)/\(path)") {
            case .success(let calendar):
                for id in calendar.ids { set.holidays[id] = set.holidays[id]?.merging(calendar) ?? calendar }
            case .failure(let found):
                problems += found.problems
            }
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where !path.contains("/") {
            problems += set.loadPolicy(text: text, file: "\(directory)/\(path)", zones: zones)
        }
        return (set, problems)
    }

    /// The texts of a policy directory's `*.toml` and `holidays/*.toml` files, by relative path;
    /// an unreadable file maps to an empty string, which fails validation with its name.
    public static func readDirectory(_ path: String) -> [String: String] {
        let url = URL(fileURLWithPath: path)
        var files: [String: String] = [:]
        for file in tomlFiles(in: url) { files[file.lastPathComponent] = readText(file) ?? "" }
        for file in tomlFiles(in: url.appendingPathComponent("holidays")) {
            files["holidays/\(file.lastPathComponent)"] = readText(file) ?? ""
        }
        return files
    }

    mutating func loadPolicy(_ url: URL, zones: any ZoneProvider) -> [ConfigProblem] {
        guard let text = readText(url) else {
            return [ConfigProblem(file: url.path, key: "", message: "cannot be read as UTF-8 text")]
        }
        return loadPolicy(text: text, file: url.path, zones: zones)
    }

    mutating func loadPolicy(text: String, file: String, zones: any ZoneProvider) -> [ConfigProblem] {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard isIdentifier(name) else {
            return [
                ConfigProblem(
                    file: file, key: "",
                    message:
                        "file name \"\(name)\" is not a policy name; expected lower-case letters, digits and - with .toml"
                )
            ]
        }
        switch PolicyLoader(zones: zones, holidays: holidays).parse(text, name: name, file: file) {
        case .success(let policy):
            policies[name] = policy
            return []
        case .failure(let problems):
            return problems.problems
        }
    }

    static func loadHolidays(in directory: URL) -> ([String: HolidayCalendar], [ConfigProblem]) {
        loadHolidays(files: tomlFiles(in: directory))
    }

    static func loadHolidays(files: [URL]) -> ([String: HolidayCalendar], [ConfigProblem]) {
        var calendars: [String: HolidayCalendar] = [:]
        var problems: [ConfigProblem] = []
        for url in files {
            guard let text = readText(url) else {
                problems.append(ConfigProblem(file: url.path, key: "", message: "cannot be read as UTF-8 text"))
                continue
            }
            switch HolidayLoader().parse(text, file: url.path) {
            case .success(let calendar):
                for id in calendar.ids { calendars[id] = calendars[id]?.merging(calendar) ?? calendar }
            case .failure(let found):
                problems += found.problems
            }
        }
        return (calendars, problems)
    }

    static func tomlFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    static func readText(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    func readText(_ url: URL) -> String? { Self.readText(url) }
}
