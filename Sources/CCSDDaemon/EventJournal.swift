import CCSDStore
import CCSDSystemd
import Logging

/// Mirrors every appended event to the journal as one structured entry with its MESSAGE_ID, sequence number
/// and hash; without journald (a developer's terminal) it logs a line to stderr instead.
public struct EventJournal: Sendable {
    let useJournal: Bool
    let logger: Logger

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

    public func record(_ events: [StoredEvent]) {
        for event in events { record(event) }
    }

    func record(_ event: StoredEvent) {
        let message = event.fields["message"] ?? event.type
        guard useJournal else {
            logger.info("\(message)", metadata: ["event": "\(event.type)", "seq": "\(event.seq)"])
            return
        }
        var fields: [(String, String)] = [
            ("CCSD_EVENT", event.type), ("CCSD_SEQ", String(event.seq)), ("CCSD_HASH", event.hash),
            ("CCSD_AT", String(event.at)),
        ]
        if let id = MessageID.forEvent(event.type) { fields.append(("MESSAGE_ID", id)) }
        // Fields named like the entry's own (a policy reload's "hash" is a digest of the policy files) would give it a
        // second CCSD_HASH; they stay in the event log only.
        for (key, value) in event.fields.sorted(by: { $0.key < $1.key })
        where !["message", "event", "seq", "hash", "at"].contains(key) && !value.isEmpty {
            fields.append(("CCSD_" + key.uppercased().replacingOccurrences(of: "-", with: "_"), value))
        }
        let result = Journal.send(message: message, priority: Self.priority(event.type), fields: fields)
        if result < 0 {
            logger.error("cannot write event \(event.seq) to the journal", metadata: ["errno": "\(-result)"])
        }
    }
}
