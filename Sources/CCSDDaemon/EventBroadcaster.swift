import CCSDStore
import Foundation
import Synchronization

/// Hands every committed event to the clients following the log (`FollowEvents`), in order.
public final class EventBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<StoredEvent>.Continuation]>([:])

    public init() {}

    /// A stream of events committed from now on; it ends when the subscriber's task is cancelled.
    public func subscribe() -> AsyncStream<StoredEvent> {
        let id = UUID()
        // A follower that cannot keep up loses the oldest events rather than the daemon's memory.
        let (stream, continuation) = AsyncStream.makeStream(
            of: StoredEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    public func publish(_ events: [StoredEvent]) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets {
            for event in events { continuation.yield(event) }
        }
    }
}
