import CCSDStore

/// Which outbox rows the dispatcher may start now, and which are under way: a pure state machine owned by the
/// dispatcher's run loop.
///
/// Each channel has lanes of its own, at most `capacity(channel)` deliveries at once, so a slow or hung channel
/// holds up only its own messages. A row is in at most one lane. Within a channel one person's messages go one at a
/// time, in outbox order (a closing reminder never overtakes the opening one). A person whose policy caps reminders
/// per day gets one reminder at a time across channels, so the cap is decided on what was delivered, not on what
/// is still under way.
struct DeliveryLanes {
    private struct Flight {
        let channel: String
        let keys: [String]
    }

    private var flights: [Int64: Flight] = [:]
    private var perChannel: [String: Int] = [:]
    private var busy: Set<String> = []
    let capacity: @Sendable (String) -> Int

    init(capacity: @escaping @Sendable (String) -> Int) {
        self.capacity = capacity
    }

    /// Nothing is under way.
    var isEmpty: Bool { flights.isEmpty }

    /// Rows under way.
    var count: Int { flights.count }

    func contains(_ id: Int64) -> Bool { flights[id] != nil }

    func inFlight(_ channel: String) -> Int { perChannel[channel] ?? 0 }

    /// How many rows of each channel to read so that every free lane finds a row if there is one: its free lanes
    /// plus the rows under way (which may sort first).
    func readLimits(channels: some Sequence<String>) -> [String: Int] {
        var limits: [String: Int] = [:]
        for channel in Set(channels).union(perChannel.keys) {
            limits[channel] = capacity(channel) + inFlight(channel)
        }
        return limits
    }

    /// Takes the due rows that may start (each channel's earliest first), marks them under way and returns them,
    /// with the earliest `next_attempt` among the rows not yet due (nil if none). A due row that must wait for a
    /// lane is not in either: it is looked at again when a delivery finishes.
    ///
    /// - Parameter capped: case ids whose policy caps reminders per day.
    mutating func admit(_ pending: [String: [OutboxRow]], now: Int64, capped: Set<String> = [])
        -> (start: [OutboxRow], next: Int64?)
    {
        var start: [OutboxRow] = []
        var next: Int64?
        // Keys of rows that must wait: a later row holding one waits too, and never overtakes.
        var waiting: Set<String> = []
        for channel in pending.keys.sorted() {
            for row in pending[channel] ?? [] where flights[row.id] == nil {
                guard row.nextAttempt <= now else {
                    next = min(next ?? row.nextAttempt, row.nextAttempt)
                    continue
                }
                let keys = Self.keys(row, capped: capped)
                guard inFlight(channel) < capacity(channel), busy.isDisjoint(with: keys),
                    waiting.isDisjoint(with: keys)
                else {
                    waiting.formUnion(keys)
                    continue
                }
                flights[row.id] = Flight(channel: channel, keys: keys)
                perChannel[channel, default: 0] += 1
                busy.formUnion(keys)
                start.append(row)
            }
        }
        return (start, next)
    }

    /// A delivery finished (delivered, retried later, failed, held back or abandoned): its lane is free.
    mutating func finish(_ id: Int64) {
        guard let flight = flights.removeValue(forKey: id) else { return }
        perChannel[flight.channel, default: 1] -= 1
        if perChannel[flight.channel] == 0 { perChannel[flight.channel] = nil }
        busy.subtract(flight.keys)
    }

    /// What a row holds while under way: its person on its channel, and for a capped person's reminder, the person.
    static func keys(_ row: OutboxRow, capped: Set<String>) -> [String] {
        guard let caseID = row.caseID else { return [] }
        var keys = ["person\u{0}\(row.channel)\u{0}\(caseID)"]
        if isPersonReminder(row) && capped.contains(caseID) { keys.append("reminder\u{0}\(caseID)") }
        return keys
    }

    /// A reminder to the person: quiet hours and the daily cap apply.
    static func isPersonReminder(_ row: OutboxRow) -> Bool {
        row.recipient == "person" && row.event == "reminder"
    }
}
