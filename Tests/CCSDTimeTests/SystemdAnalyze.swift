import Foundation

/// Runs `systemd-analyze calendar` (systemd 252) with TZ=UTC and reads its answers, for differential tests.
enum SystemdAnalyze {
    /// One expression's answer: nil when systemd rejected it.
    struct Answer: Equatable {
        var normalized: String
        /// Elapses in whole seconds since the epoch (systemd prints no fractions).
        var elapses: [Int64]
    }

    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/systemd-analyze"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    /// Asks systemd about `expressions` in one invocation, `iterations` elapses each after `baseTime`.
    ///
    /// When systemd fails part-way (it reports an error instead of an elapse), the answer holds the elapses
    /// it managed before failing.
    static func calendar(_ expressions: [String], baseTime: String, iterations: Int) throws -> [Answer?] {
        let (output, errors) = try run(expressions, baseTime: baseTime, iterations: iterations)
        var failed: [String: [Int64]] = [:]
        for line in errors.split(separator: "\n") where line.hasPrefix("Failed to determine next elapse for '") {
            let rest = line.dropFirst("Failed to determine next elapse for '".count)
            guard let end = rest.range(of: "': ", options: .backwards) else { continue }
            let expression = String(rest[..<end.lowerBound])
            failed[expression] = try elapsesBeforeFailure(expression, baseTime: baseTime, iterations: iterations)
        }
        var answers = match(parse(output), to: expressions.filter { failed[$0] == nil })[...]
        var results: [Answer?] = []
        for expression in expressions {
            if let partial = failed[expression] {
                let normalized = try run([expression], baseTime: baseTime, iterations: 0).output
                let block = parse(normalized).first
                results.append(Answer(normalized: block?.answer.normalized ?? "", elapses: partial))
            } else {
                results.append(answers.popFirst() ?? nil)
            }
        }
        return results
    }

    private static func elapsesBeforeFailure(_ expression: String, baseTime: String, iterations: Int) throws -> [Int64]
    {
        for count in stride(from: iterations - 1, to: 0, by: -1) {
            let (output, errors) = try run([expression], baseTime: baseTime, iterations: count)
            if !errors.contains("Failed to determine next elapse"), let block = parse(output).first {
                return block.answer.elapses
            }
        }
        return []
    }

    private static func run(_ expressions: [String], baseTime: String, iterations: Int) throws -> (
        output: String, errors: String
    ) {
        guard let executable else { return ("", "") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["calendar", "--iterations=\(iterations)", "--base-time=\(baseTime)"] + expressions
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        environment["SYSTEMD_COLORS"] = "0"
        environment["SYSTEMD_PAGER"] = "cat"
        process.environment = environment
        let stdout = Pipe()
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errorPath.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorPath)
        defer { try? FileManager.default.removeItem(at: errorPath) }
        process.standardOutput = stdout
        process.standardError = errorHandle
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errorData = (try? Data(contentsOf: errorPath)) ?? Data()
        return (String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    private struct Block {
        var original: String
        var answer: Answer
    }

    /// Splits the output into blocks (blank-line separated); "Original form" is omitted when it is the normalized one.
    private static func parse(_ output: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                if let block = current { blocks.append(block) }
                current = nil
                continue
            }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...].dropFirst())
            switch label {
            case "Original form":
                current = Block(original: value, answer: Answer(normalized: "", elapses: []))
            case "Normalized form":
                if current == nil { current = Block(original: value, answer: Answer(normalized: "", elapses: [])) }
                current?.answer.normalized = value
            case "Next elapse",
                _ where label.hasPrefix("Iter. #"):
                if let t = parseTimestamp(value) { current?.answer.elapses.append(t) }
            default:
                continue
            }
        }
        if let block = current { blocks.append(block) }
        return blocks
    }

    /// `Mon 2026-02-16 08:00:00 UTC` → seconds since the epoch.
    static func parseTimestamp(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count >= 3, parts.last == "UTC" else { return nil }
        let date = parts[1].split(separator: "-").compactMap { Int($0) }
        let time = parts[2].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, time.count == 3 else { return nil }
        let days = daysFromCivil(date[0], date[1], date[2])
        return Int64(days) * 86400 + Int64(time[0] * 3600 + time[1] * 60 + time[2])
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    private static func match(_ blocks: [Block], to expressions: [String]) -> [Answer?] {
        // Rejected expressions print no block; the rest come in order.
        var next = 0
        return expressions.map { expression in
            guard next < blocks.count, blocks[next].original == expression else { return nil }
            defer { next += 1 }
            return blocks[next].answer
        }
    }
}
