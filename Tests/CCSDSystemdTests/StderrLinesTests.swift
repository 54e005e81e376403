import Logging
import Testing

@testable import CCSDSystemd

/// Batched stderr lines (the event mirror) are byte for byte the lines ``StderrLogHandler`` writes one by one.
@Suite struct StderrLinesTests {
    @Test func sameLinesAsTheHandler() {
        let handler = StderrLogHandler(label: "ccsd")
        var lines = StderrLines(label: "ccsd", at: 1_795_928_400)
        var expected = ""
        let samples: [(Logger.Level, String, [(String, String)])] = [
            (.info, "check-in recorded", [("event", "check-in"), ("seq", "7")]),
            (.notice, "missed: JX-1 \"phone\"\nline 2 \\ done", [("event", "missed"), ("seq", "8")]),
            (.info, "社区矫正 reminder", [("event", "a b"), ("seq", ""), ("x", "k=v")]),
        ]
        for (level, message, metadata) in samples {
            lines.append(level: level, message: message, metadata: metadata)
            let event = LogEvent(
                level: level, message: "\(message)",
                metadata: Dictionary(uniqueKeysWithValues: metadata.map { ($0.0, Logger.MetadataValue.string($0.1)) }),
                source: "", file: "", function: "", line: 0)
            expected += handler.format(event, at: 1_795_928_400) + "\n"
        }
        #expect(lines.text == expected)
        #expect(lines.text.split(separator: "\n").count == 3)
    }
}
