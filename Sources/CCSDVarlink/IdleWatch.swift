import NIOCore
import Synchronization

/// Closes a connection that has had no call in progress for `timeout`.
///
/// A call counts from the moment its message arrives until its handler returns, so a long `more` stream (a live
/// event feed) is never idle, however quiet, and neither is a call waiting for a busy handler.
final class IdleWatch: Sendable {
    private struct State {
        /// Calls in progress (calls may overlap).
        var busy = 0
        var lastActivity: ContinuousClock.Instant
    }

    private let timeout: Duration
    private let state: Mutex<State>

    init(timeout: Duration) {
        self.timeout = timeout
        self.state = Mutex(State(lastActivity: .now))
    }

    /// A call started.
    func begin() {
        state.withLock { $0.busy += 1 }
    }

    /// The call ended; the idle time counts from now.
    func end() {
        state.withLock { state in
            state.busy -= 1
            state.lastActivity = .now
        }
    }

    /// A call was answered at once (it never was in progress); the idle time counts from now.
    func touch() {
        state.withLock { $0.lastActivity = .now }
    }

    /// Sleeps until the connection has been idle for the timeout, then returns; throws on cancellation.
    func waitUntilIdle() async throws {
        while true {
            let (busy, deadline) = state.withLock { ($0.busy, $0.lastActivity.advanced(by: timeout)) }
            if busy > 0 {
                try await Task.sleep(for: timeout)
            } else if ContinuousClock.now >= deadline {
                return
            } else {
                try await Task.sleep(until: deadline, clock: .continuous)
            }
        }
    }
}
