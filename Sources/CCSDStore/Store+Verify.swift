import GRDB

/// The result of walking the event log's hash chain.
public struct ChainVerification: Sendable, Hashable, CustomStringConvertible {
    public let events: Int
    /// The first broken link: its sequence number and what is wrong; nil when the chain is whole.
    public let firstBreak: (seq: Int64, reason: String)?

    public var isIntact: Bool { firstBreak == nil }

    public var description: String {
        guard let firstBreak else { return "event log intact: \(events) events" }
        return "event log broken at seq \(firstBreak.seq): \(firstBreak.reason)"
    }

    public static func == (lhs: ChainVerification, rhs: ChainVerification) -> Bool {
        lhs.events == rhs.events && lhs.firstBreak?.seq == rhs.firstBreak?.seq
            && lhs.firstBreak?.reason == rhs.firstBreak?.reason
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(events) }
}

extension Store {
    /// Recomputes every link: an edited, deleted, inserted or reordered row breaks the chain at that row.
    public func verifyChain() throws -> ChainVerification {
        try pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY seq")
            var expectedSeq: Int64 = 1
            var prev = StoredEvent.genesis
            var count = 0
            while let row = try cursor.next() {
                let event = Self.event(row)
                let data: String = row["data"]
                count += 1
                if event.seq != expectedSeq {
                    return ChainVerification(
                        events: count, firstBreak: (event.seq, "expected seq \(expectedSeq): rows missing before it"))
                }
                if event.prevHash != prev {
                    return ChainVerification(
                        events: count,
                        firstBreak: (event.seq, "prev_hash does not match the hash of seq \(event.seq - 1)"))
                }
                let encoded = EncodedDraft(EventDraft(type: event.type, at: event.at, fields: event.fields))
                if encoded.data != data {
                    return ChainVerification(events: count, firstBreak: (event.seq, "data is not in canonical form"))
                }
                let hash = encoded.hash(prev: prev, seq: event.seq, recorded: event.recorded)
                if hash != event.hash {
                    return ChainVerification(
                        events: count, firstBreak: (event.seq, "hash does not match the row's content"))
                }
                prev = hash
                expectedSeq += 1
            }
            return ChainVerification(events: count, firstBreak: nil)
        }
    }
}
