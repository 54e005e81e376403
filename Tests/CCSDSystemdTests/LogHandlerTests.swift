import Logging
import Testing

@testable import CCSDSystemd

/// The fields and lines the two log handlers produce, without a journal or a terminal.
@Suite struct LogHandlerTests {
    private func event(_ level: Logger.Level, _ message: Logger.Message, _ metadata: Logger.Metadata?) -> LogEvent {
        LogEvent(
            level: level, message: message, metadata: metadata, source: "CCSDDaemon",
            file: "CCSDDaemon/Scheduler.swift", function: "fire(_:)", line: 42
        )
    }

    @Test func journalHandlerFields() {
        var handler = JournalLogHandler(label: "ccsd.scheduler")
        handler[metadataKey: "officer"] = "li.wei"
        handler[metadataKey: "person-id"] = "JX-OLD"
        let fields = handler.fields(
            for: event(.warning, "reminder fired", ["person-id": "JX-2026-0042", "step": "\(2)"]))
        let byName = Dictionary(fields.map { ($0.name, $0.value) }) { first, _ in first }
        #expect(byName["MESSAGE"] == "reminder fired")
        #expect(byName["PRIORITY"] == "4")
        #expect(byName["SYSLOG_IDENTIFIER"] == "ccsd")
        #expect(byName["CODE_FILE"] == "CCSDDaemon/Scheduler.swift")
        #expect(byName["CODE_LINE"] == "42")
        #expect(byName["CODE_FUNC"] == "fire(_:)")
        #expect(byName["CCSD_LOGGER"] == "ccsd.scheduler")
        #expect(byName["CCSD_PERSON_ID"] == "JX-2026-0042")
        #expect(byName["CCSD_OFFICER"] == "li.wei")
        #expect(byName["CCSD_STEP"] == "2")
        #expect(fields.allSatisfy { JournalField.isValidName($0.name) })
        #expect(fields.filter { $0.name == "CCSD_PERSON_ID" }.count == 1)
    }

    @Test func metadataValuesAreStringified() {
        #expect(JournalLogHandler.string(.string("a b")) == "a b")
        #expect(JournalLogHandler.string(.stringConvertible(17)) == "17")
        #expect(JournalLogHandler.string(.array(["x", "y"])) == #"["x", "y"]"#)
    }

    @Test func prioritiesFollowSyslog() {
        #expect(JournalLogHandler.priority(.trace) == 7)
        #expect(JournalLogHandler.priority(.debug) == 7)
        #expect(JournalLogHandler.priority(.info) == 6)
        #expect(JournalLogHandler.priority(.notice) == 5)
        #expect(JournalLogHandler.priority(.warning) == 4)
        #expect(JournalLogHandler.priority(.error) == 3)
        #expect(JournalLogHandler.priority(.critical) == 2)
    }

    @Test func stderrLineFormat() {
        var handler = StderrLogHandler(label: "ccsd")
        handler[metadataKey: "person"] = "JX-2026-0042"
        let line = handler.format(
            event(.info, "check-in recorded", ["method": "in person", "seq": .stringConvertible(7)]), at: 1_795_928_400)
        #expect(
            line == "2026-11-29T05:00:00Z info ccsd: check-in recorded method=\"in person\" person=JX-2026-0042 seq=7")
    }

    @Test func stderrLinesStayOneLine() {
        let handler = StderrLogHandler(label: "ccsd")
        let line = handler.format(event(.error, "bad policy\nline 2", ["key": "a=\"b\"\nc"]), at: 0)
        #expect(line == #"1970-01-01T00:00:00Z error ccsd: bad policy\nline 2 key="a=\"b\"\nc""#)
        #expect(!line.contains("\n"))
    }

    @Test func timestamps() {
        #expect(StderrLogHandler.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(StderrLogHandler.timestamp(1_795_928_400) == "2026-11-29T05:00:00Z")
        #expect(StderrLogHandler.timestamp(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test func stderrIsChosenWhenForced() {
        #expect(LoggingSetup.destination(forceStderr: true) == .stderr)
    }
}
