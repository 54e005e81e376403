/// What one delivery attempt came to, for the delivery record.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The channel took the message; `detail` is what it said (program output, HTTP status and body).
    case delivered(detail: String)
    /// The channel did not take it; `reason` is short ("exited with status 1", "HTTP 500", "timed out after 10s"),
    /// `detail` is what the channel said, if anything.
    case failed(reason: String, detail: String)

    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    public var detail: String {
        switch self {
        case .delivered(let detail), .failed(_, let detail): detail
        }
    }
}
