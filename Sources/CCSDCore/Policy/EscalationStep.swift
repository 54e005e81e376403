import CCSDTime

/// One rung of what follows a missed window, until an officer acknowledges or the incident is resolved.
public struct EscalationStep: Sendable, Hashable {
    /// How long after the miss this step first fires.
    public var after: TimeSpan
    public var recipients: [Recipient]
    public var channels: [String]
    public var template: String
    /// Fire again this often while unacknowledged; nil = once.
    public var repeatEvery: TimeSpan?
    /// How many times to fire again (after the first); ignored without `repeatEvery`.
    public var repeatLimit: Int

    public init(
        after: TimeSpan, recipients: [Recipient], channels: [String] = [], template: String,
        repeatEvery: TimeSpan? = nil, repeatLimit: Int = 0
    ) {
        self.after = after
        self.recipients = recipients
        self.channels = channels
        self.template = template
        self.repeatEvery = repeatEvery
        self.repeatLimit = repeatLimit
    }

    /// The times this step fires, measured from the miss.
    public var offsets: [TimeSpan] {
        guard let every = repeatEvery, repeatLimit > 0 else { return [after] }
        return (0...repeatLimit).map { after + every * Int64($0) }
    }
}
