import CCSDStore
import Testing

@testable import CCSDDaemon

@Suite("Dispatcher lanes: per-channel concurrency, one lane per row, one person's messages in order")
struct DispatcherTests {
    static func row(
        _ id: Int64, _ channel: String, _ caseID: String?, event: String = "escalation", recipient: String = "officer",
        at nextAttempt: Int64 = 0
    ) -> OutboxRow {
        OutboxRow(
            id: id, caseID: caseID, event: event, channel: channel, recipient: recipient, nextAttempt: nextAttempt)
    }

    static func byChannel(_ rows: [OutboxRow]) -> [String: [OutboxRow]] {
        Dictionary(grouping: rows, by: \.channel).mapValues {
            $0.sorted { ($0.nextAttempt, $0.id) < ($1.nextAttempt, $1.id) }
        }
    }

    /// The pending rows once `id` is no longer pending.
    static func without(_ id: Int64, _ pending: [String: [OutboxRow]]) -> [String: [OutboxRow]] {
        pending.mapValues { $0.filter { $0.id != id } }
    }

    @Test("each channel fills its own lanes up to its capacity; a full channel does not hold up another")
    func capacityPerChannel() {
        var lanes = DeliveryLanes(capacity: { $0 == "sms" ? 2 : 4 })
        let pending = Self.byChannel(
            (1...5).map { Self.row($0, "sms", "P\($0)") } + [Self.row(6, "hook", "P1"), Self.row(7, "hook", "P2")])
        let first = lanes.admit(pending, now: 10)
        #expect(first.start.map(\.id).sorted() == [1, 2, 6, 7])
        #expect(first.next == nil)
        #expect(lanes.inFlight("sms") == 2 && lanes.inFlight("hook") == 2)
        // Read again while they are under way: nothing is started twice, the full channel waits.
        #expect(lanes.admit(pending, now: 10).start.isEmpty)
        // Row 1 ended (delivered): the store no longer lists it as pending.
        lanes.finish(1)
        #expect(lanes.admit(Self.without(1, pending), now: 10).start.map(\.id) == [3])
        #expect(lanes.readLimits(channels: ["sms", "hook", "idle"]) == ["sms": 4, "hook": 6, "idle": 4])
    }

    @Test("one person's messages on a channel go one at a time, in order; other persons pass")
    func personOrder() {
        var lanes = DeliveryLanes(capacity: { _ in 4 })
        let pending = Self.byChannel([
            Self.row(1, "sms", "A"), Self.row(2, "sms", "A"), Self.row(3, "sms", "B"), Self.row(4, "hook", "A"),
            Self.row(5, "sms", nil), Self.row(6, "sms", nil),
        ])
        #expect(lanes.admit(pending, now: 0).start.map(\.id).sorted() == [1, 3, 4, 5, 6])
        lanes.finish(1)
        #expect(lanes.admit(Self.without(1, pending), now: 0).start.map(\.id) == [2])
    }

    @Test("rows not yet due wait for their time; the earliest is the next wake-up")
    func notDue() {
        var lanes = DeliveryLanes(capacity: { _ in 4 })
        let pending = Self.byChannel([Self.row(1, "sms", "A", at: 50), Self.row(2, "hook", "B", at: 30)])
        let admitted = lanes.admit(pending, now: 10)
        #expect(admitted.start.isEmpty && admitted.next == 30 && lanes.isEmpty)
        #expect(lanes.admit(pending, now: 30).start.map(\.id) == [2])
    }

    @Test("a capped person's reminders go one at a time across channels; uncapped ones do not wait")
    func cappedReminders() {
        var lanes = DeliveryLanes(capacity: { _ in 4 })
        let pending = Self.byChannel([
            Self.row(1, "sms", "A", event: "reminder", recipient: "person"),
            Self.row(2, "hook", "A", event: "reminder", recipient: "person"),
            Self.row(3, "sms", "B", event: "reminder", recipient: "person"),
            Self.row(4, "hook", "B", event: "reminder", recipient: "person"),
        ])
        #expect(lanes.admit(pending, now: 0, capped: ["A"]).start.map(\.id).sorted() == [2, 3, 4])
        lanes.finish(2)
        #expect(lanes.admit(Self.without(2, pending), now: 0, capped: ["A"]).start.map(\.id) == [1])
    }
}
