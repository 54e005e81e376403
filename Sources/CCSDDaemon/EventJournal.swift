import CCSDStore
import CCSDSystemd
import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Mirrors every appended event to the journal as one structured entry with its MESSAGE_ID, sequence number
/// and hash; without journald (a developer's terminal) it logs a line to stderr instead.
///
/// `record` only queues: it is called on the writer after each transaction, with the events in sequence order.
/// A serial queue of its own does the I/O, taking everything queued at once: under journald one
/// `sd_journal_sendv` per entry, on stderr all the lines in one `write(2)`. So a burst of 300,000 events costs
/// the writer nothing and the mirror keeps up, and a blocked stderr pipe never blocks a request or a Swift
/// concurrency thread. `flush` waits until what was queued is written (shutdown and `fatal` call it).
public final class EventJournal: Sendable {
    let useJournal: Bool
    let logger: Logger
    private let pending = Mutex(Pending())
    private let queue = DispatchQueue(label: "ccsd.event-journal")

    struct Pending {
        var events: [StoredEvent] = []
        var scheduled = false
    }

    public init(useJournal: Bool = Journal.isAvailable, logger: Logger) {
        self.useJournal = useJournal
        self.logger = logger
    }

    /// syslog priority by event type: misses and what follows them stand out.
    static func priority(_ type: String) -> Int {
        switch type {
        case "permission-denied", "policy-reload-failed": 4
        case "missed", "escalation", "proposal", "caught-up": 5
        default: 6
        }
    }

    /// Queues committed events, in order, for the mirror; returns at once.
    public func record(_ events: [StoredEvent]) {
        if events.isEmpty { return }
        let schedule = pending.withLock { pending in
            pending.events += events
            defer { pending.scheduled = true }
            return !pending.scheduled
        }
        if schedule { queue.async { self.drain() } }
    }

    /// Waits until every event queued so far is written.
    public func flush() async {
        await withCheckedContinuation { continuation in queue.async { continuation.resume() } }
    }

    /// Blocks until every event queued so far is written (for a process about to `exit`).
    public func flushNow() {
        queue.sync {}
    }

    /// Writes what is queued until nothing is, on `queue`.
    private func drain() {
        while true {
            let events = pending.withLock { pending in
                defer { pending.events = [] }
                if pending.events.isEmpty { pending.scheduled = false }
                return pending.events
            }
            if events.isEmpty { return }
            write(events)
        }
    }

    /// Writes events now, on the caller's thread.
    func write(_ events: [StoredEvent]) {
        guard useJournal else {
            var lines = StderrLines(label: logger.label, at: StderrLogHandler.now())
            for event in events {
                lines.append(
                    level: .info, message: event.fields["message"] ?? event.type,
                    metadata: [("event", event.type), ("seq", String(event.seq))])
            }
            lines.write()
            return
        }
        for event in events { send(event) }
    }

    /// The journal fields of an event, after MESSAGE and PRIORITY.
    static func fields(_ event: StoredEvent) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("CCSD_EVENT", event.type), ("CCSD_SEQ", String(event.seq)), ("CCSD_HASH", event.hash),
            ("CCSD_AT", String(event.at)),
        ]
        if let id = MessageID.forEvent(event.type) { fields.append(("MESSAGE_ID", id)) }
        // Fields named like the entry's own (a policy reload's "hash" is a digest of the policy files) would give it a
        // second CCSD_HASH; they stay in the event log only.
        for (key, value) in event.fields.sorted(by: { $0.key < $1.key })
        where !["message", "event", "seq", "hash", "at"].contains(key) && !value.isEmpty {
            fields.append(("CCSD_" + fieldName(key), value))
        }
        return fields
    }

    /// `obligation-id` → `OBLIGATION_ID`.
    static func fieldName(_ key: String) -> String {
        if !key.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(key.uppercased().map { $0 == "-" ? "_" : $0 })
        }
        return String(
            decoding: key.utf8.map { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
                case UInt8(ascii: "-"): UInt8(ascii: "_")
                default: byte
                }
            }, as: UTF8.self)
    }

    private func send(_ event: StoredEvent) {
        let message = event.fields["message"] ?? event.type
        let result = Journal.send(message: message, priority: Self.priority(event.type), fields: Self.fields(event))
        if result < 0 {
            logger.error("cannot write event \(event.seq) to the journal", metadata: ["errno": "\(-result)"])
        }
    }
}
