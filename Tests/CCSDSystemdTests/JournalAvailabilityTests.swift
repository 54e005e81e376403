import Testing

@testable import CCSDSystemd

#if canImport(Glibc)
    import Glibc
#endif

extension SystemTests {
    /// When log output goes to the journal rather than stderr.
    @Suite struct JournalAvailabilityTests {
        /// `$JOURNAL_STREAM` as systemd would set it for this process's stderr.
        private func stderrStream() throws -> String {
            var status = stat()
            try #require(fstat(STDERR_FILENO, &status) == 0)
            return "\(status.st_dev):\(status.st_ino)"
        }

        @Test func stderrConnectedToTheJournal() throws {
            let stream = try stderrStream()
            withEnvironment(["JOURNAL_STREAM": stream, "INVOCATION_ID": nil]) {
                #expect(Journal.isAvailable)
                #expect(LoggingSetup.destination() == .journal)
                #expect(LoggingSetup.destination(forceStderr: true) == .stderr)
            }
        }

        @Test func journalStreamOfAnotherFileIsIgnored() {
            withEnvironment(["JOURNAL_STREAM": "0:0", "INVOCATION_ID": nil]) {
                #expect(!Journal.isAvailable)
                #expect(LoggingSetup.destination() == .stderr)
            }
            withEnvironment(["JOURNAL_STREAM": "garbage", "INVOCATION_ID": nil]) {
                #expect(!Journal.isAvailable)
            }
        }

        @Test func serviceWithoutJournalSocketLogsToStderr() {
            // INVOCATION_ID alone is not enough: journald's socket must exist and stderr must not be a terminal.
            let expected = isatty(STDERR_FILENO) == 0 && access(Journal.socketPath, F_OK) == 0
            withEnvironment(["JOURNAL_STREAM": nil, "INVOCATION_ID": "0123456789abcdef0123456789abcdef"]) {
                #expect(Journal.isAvailable == expected)
            }
        }
    }
}
