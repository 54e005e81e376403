import Foundation
import Logging
import Testing

@testable import CCSDSystemd

extension SystemTests {
    /// Entries sent to the real journald and read back with `journalctl -o json`.
    ///
    /// Skipped when journald is not listening and cannot be started here (not root, no systemd-journald binary).
    @Suite(.enabled(if: JournalFixture.isReady, "journald is not running and could not be started"))
    struct JournalRoundTripTests {
        @Test func sendWritesAStructuredEntry() throws {
            let testID = UUID().uuidString
            let result = Journal.send(
                message: "ccsd test: check-in recorded for JX-2026-0042",
                priority: 5,
                fields: [
                    ("CCSD_TEST_ID", testID), ("MESSAGE_ID", MessageID.checkIn), ("ccsd-person", "JX-2026-0042"),
                    ("note", "line one\nline two"), ("MESSAGE", "ignored"), ("_PID", "1"),
                ]
            )
            #expect(result == 0)
            let entries = try JournalFixture.entries(matching: "CCSD_TEST_ID=\(testID)")
            try #require(entries.count == 1)
            let entry = entries[0]
            #expect(entry["MESSAGE"] == "ccsd test: check-in recorded for JX-2026-0042")
            #expect(entry["PRIORITY"] == "5")
            #expect(entry["SYSLOG_IDENTIFIER"] == "ccsd")
            #expect(entry["MESSAGE_ID"] == MessageID.checkIn)
            #expect(entry["CCSD_PERSON"] == "JX-2026-0042")
            #expect(entry["NOTE"] == "line one\nline two")
            #expect(entry["PID"] == "1")
            #expect(entry["_PID"] == String(getpid()))
        }

        @Test func journalLogHandlerWritesCodeLocationAndMetadata() throws {
            let testID = UUID().uuidString
            var logger = Logger(label: "ccsd.test") { JournalLogHandler(label: $0) }
            logger[metadataKey: "officer"] = "officer-7"
            let line = #line + 1
            logger.warning("ccsd test: reminder fired", metadata: ["CCSD_TEST_ID": "\(testID)", "person-id": "JX-1"])
            let entries = try JournalFixture.entries(matching: "CCSD_TEST_ID=\(testID)")
            try #require(entries.count == 1)
            let entry = entries[0]
            #expect(entry["MESSAGE"] == "ccsd test: reminder fired")
            #expect(entry["PRIORITY"] == "4")
            #expect(entry["SYSLOG_IDENTIFIER"] == "ccsd")
            #expect(entry["CODE_FILE"] == #fileID)
            #expect(entry["CODE_LINE"] == String(line))
            #expect(entry["CODE_FUNC"] == #function)
            #expect(entry["CCSD_LOGGER"] == "ccsd.test")
            #expect(entry["CCSD_PERSON_ID"] == "JX-1")
            #expect(entry["CCSD_OFFICER"] == "officer-7")
        }

        @Test func levelsBelowTheHandlersAreNotSent() throws {
            let testID = UUID().uuidString
            let logger = Logger(label: "ccsd.test") { JournalLogHandler(label: $0, logLevel: .notice) }
            logger.info("ccsd test: filtered", metadata: ["CCSD_TEST_ID": "\(testID)"])
            logger.notice("ccsd test: kept", metadata: ["CCSD_TEST_ID": "\(testID)"])
            let entries = try JournalFixture.entries(matching: "CCSD_TEST_ID=\(testID)")
            #expect(entries.map { $0["MESSAGE"] } == ["ccsd test: kept"])
        }
    }
}
