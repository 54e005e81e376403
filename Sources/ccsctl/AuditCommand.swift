import ArgumentParser
import CCSDProtocol

/// `ccsctl audit verify`: VerifyAudit, then the journal cross-check (`JournalCrossCheck`).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the tamper-evident event log.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the event log's hash chain and cross-check it against the journal (ccsd-auditor).",
            discussion: """
                ccsd checks every link of the chain (each event's SHA-256 covers the previous hash and the event). \
                Then, when the journal is readable, each journal entry ccsd wrote (CCSD_SEQ, CCSD_HASH) is \
                compared with the log's hash for that seq; entries written by processes that never wrote this \
                log (another state directory) are counted and ignored. The first bad link is reported exactly \
                and the exit status is 1; events without a journal entry are counted, not failures.
                """)

        @Flag(name: .customLong("no-journal"), help: "Skip the cross-check against the journal.")
        var noJournal = false

        @Option(
            name: .customLong("journal-export"),
            help: ArgumentHelp(
                "Cross-check against this export instead of the local journal.",
                discussion: "Made with: journalctl -o json SYSLOG_IDENTIFIER=ccsd > FILE", valueName: "FILE"))
        var journalExport: String?

        @OptionGroup var connection: ConnectionOptions

        /// The reply of VerifyAudit with the journal's verdict, for `--json`.
        struct Report: Encodable {
            var events: Int
            var intact: Bool
            var firstBreak: Int64?
            var reason: String?
            var journal: JournalCrossCheck
            enum CodingKeys: String, CodingKey {
                case events, intact, firstBreak = "first_break", reason, journal
            }
        }

        func validate() throws {
            if noJournal && journalExport != nil {
                throw ValidationError("--no-journal and --journal-export exclude each other")
            }
        }

        func run() throws {
            let chain = try connection.call("VerifyAudit", returning: Methods.VerifyAuditReply.self)
            let (journal, lastSeq) = try crossCheck()
            let report = Report(
                events: chain.events, intact: chain.intact, firstBreak: chain.firstBreak, reason: chain.reason,
                journal: journal)
            if connection.json {
                printJSON(report)
            } else {
                if chain.intact {
                    print("event log: \(chain.events) events, \(Style.green.apply("every link holds"))")
                } else {
                    let reason = chain.reason ?? "hash mismatch"
                    print(Style.red.apply("event log broken at seq \(chain.firstBreak ?? 0): \(reason)"))
                }
                let line = journal.summary(lastSeq: lastSeq)
                print(journal.isBreak ? Style.red.apply(line) : line)
            }
            if !chain.intact || journal.isBreak { throw ExitCode(Exit.failure) }
        }

        /// The journal's verdict, and the log's last seq when it was read.
        func crossCheck() throws -> (JournalCrossCheck, Int64) {
            if noJournal { return (.skipped("--no-journal"), 0) }
            switch JournalReader.read(exportFile: journalExport) {
            case .unreadable(let reason): return (.skipped(reason, status: "unreadable"), 0)
            case .entries(let entries):
                let log = entries.isEmpty ? [:] : try logHashes()
                let lastSeq = log.keys.max() ?? 0
                return (.compare(entries, log: log, lastSeq: lastSeq), lastSeq)
            }
        }

        /// Every event's hash by seq, fetched 10000 at a time.
        func logHashes() throws -> [Int64: String] {
            var hashes: [Int64: String] = [:]
            var after: Int64 = 0
            while true {
                let events = try connection.call(
                    "GetEvents", Methods.GetEvents(afterSeq: after, limit: 10_000),
                    returning: Methods.GetEventsReply.self
                ).events
                for event in events { hashes[event.seq] = event.hash }
                guard events.count == 10_000, let last = events.last?.seq, last > after else { return hashes }
                after = last
            }
        }
    }
}
