/// Compares the journal's copies of the event log (`CCSD_SEQ`, `CCSD_HASH`) with the log's own hashes.
///
/// The journal may hold entries of several event logs: a state directory recreated after a disk loss, a test
/// daemon, a second installation. Entries are grouped by the process that wrote them (`_BOOT_ID`, `_PID`): one
/// daemon process writes one event log. A group with at least one entry whose hash equals the log's hash for
/// its seq belongs to this log (SHA-256 links do not match by accident); every entry of such a group must then
/// match. Groups with no match at all come from another log and are counted, not compared. Events the journal
/// lacks (written without journald, rotated away) are counted, not failures.
struct JournalCrossCheck: Encodable, Equatable {
    /// One journal entry ccsd wrote for an event.
    struct Entry: Equatable {
        var seq: Int64
        /// Usually one; several when journald received more than one `CCSD_HASH` value for the entry.
        var hashes: [String]
        /// The writing process, `_BOOT_ID/_PID`.
        var writer: String
    }

    /// The first entry that disagrees with the log.
    struct Mismatch: Encodable, Equatable {
        var seq: Int64
        /// The entry's hash (values joined with `|` if it has several).
        var journalHash: String
        /// nil when the log has no event with this seq (it is shorter than the journal says).
        var logHash: String?
        enum CodingKeys: String, CodingKey { case seq, journalHash = "journal_hash", logHash = "log_hash" }
    }

    /// `consistent`, `mismatch`, `unrelated` (entries exist, none of this log), `empty` (no ccsd entries),
    /// `unreadable` or `skipped`.
    var status: String
    /// ccsd's journal entries read.
    var entries = 0
    /// Entries compared with the log (those of writers that belong to it).
    var checked = 0
    /// Entries from other event logs, not compared.
    var foreign = 0
    /// Events of the log without a journal entry.
    var missing = 0
    var firstMismatch: Mismatch?
    /// Why the cross-check did not run (unreadable, skipped).
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case status, entries, checked, foreign, missing, firstMismatch = "first_mismatch", reason
    }

    /// True when the journal contradicts the log.
    var isBreak: Bool { status == "mismatch" || status == "unrelated" }

    static func skipped(_ reason: String, status: String = "skipped") -> JournalCrossCheck {
        JournalCrossCheck(status: status, reason: reason)
    }

    /// Compares `entries` with the log's hashes by seq (`log`, events 1…`lastSeq`).
    static func compare(_ entries: [Entry], log: [Int64: String], lastSeq: Int64) -> JournalCrossCheck {
        var result = JournalCrossCheck(status: "empty", entries: entries.count)
        guard !entries.isEmpty else { return result }
        func matches(_ entry: Entry) -> Bool { log[entry.seq].map(entry.hashes.contains) ?? false }
        let writers = Set(entries.filter(matches).map(\.writer))
        let own = entries.filter { writers.contains($0.writer) }
        result.checked = own.count
        result.foreign = entries.count - own.count
        let seen = Set(own.filter(matches).map(\.seq))
        result.missing = max(0, Int(lastSeq) - seen.count)
        if own.isEmpty {
            result.status = "unrelated"
            return result
        }
        if let bad = own.filter({ !matches($0) }).min(by: { $0.seq < $1.seq }) {
            result.status = "mismatch"
            result.firstMismatch = Mismatch(
                seq: bad.seq, journalHash: bad.hashes.joined(separator: "|"), logHash: log[bad.seq])
            return result
        }
        result.status = "consistent"
        return result
    }

    /// The outcome in words, one line.
    func summary(lastSeq: Int64) -> String {
        switch status {
        case "mismatch":
            guard let bad = firstMismatch else { return "journal disagrees with the event log" }
            guard let logHash = bad.logHash else {
                return "journal entry for seq \(bad.seq) has hash \(bad.journalHash), the log has no such event "
                    + "(it ends at seq \(lastSeq))"
            }
            return "journal entry for seq \(bad.seq) has hash \(bad.journalHash), the log has \(logHash)"
        case "unrelated":
            return "journal: none of the \(entries) ccsd entries matches this event log (they come from another "
                + "database, or this log was rewritten); --no-journal skips the cross-check"
        case "empty": return "journal: no ccsd event entries (CCSD_SEQ): nothing to cross-check"
        case "unreadable": return "journal not readable: cross-check skipped (\(reason ?? "unknown reason"))"
        case "skipped": return "journal: cross-check skipped (\(reason ?? "--no-journal"))"
        default:
            var line = "journal: \(checked) entr\(checked == 1 ? "y" : "ies") cross-checked, every hash matches the log"
            if missing > 0 { line += "; \(missing) event\(missing == 1 ? " has" : "s have") no journal entry" }
            if foreign > 0 { line += "; \(foreign) entr\(foreign == 1 ? "y" : "ies") of other event logs ignored" }
            return line
        }
    }
}
