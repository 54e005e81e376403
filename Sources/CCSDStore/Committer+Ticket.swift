import Synchronization

extension Committer {
    /// A queued batch's outcome: its events as appended once the transaction holding it is committed, or why not.
    ///
    /// The writer completes it exactly once; `outcome()` may be awaited before or after that, by one waiter.
    public final class Ticket: Sendable {
        private enum State {
            case queued
            case awaited(CheckedContinuation<[StoredEvent], any Error>)
            case done(Result<[StoredEvent], any Error>)
        }

        private let state = Mutex(State.queued)
        /// Its place in the queue: tickets are numbered from 1 in the order queued, and settled in that order
        /// (see ``Committer/settledThrough``). 0 for a batch refused at once, which never was in flight.
        public let number: Int64

        init(number: Int64) { self.number = number }

        /// Waits until the batch is on disk (or refused) and returns its events as appended.
        nonisolated(nonsending) public func outcome() async throws -> [StoredEvent] {
            try await withCheckedThrowingContinuation { continuation in
                let result: Result<[StoredEvent], any Error>? = state.withLock { state in
                    switch state {
                    case .queued:
                        state = .awaited(continuation)
                        return nil
                    case .done(let result):
                        return result
                    case .awaited:
                        preconditionFailure("a commit ticket is awaited once")
                    }
                }
                if let result { continuation.resume(with: result) }
            }
        }

        func complete(_ result: Result<[StoredEvent], any Error>) {
            let waiter: CheckedContinuation<[StoredEvent], any Error>? = state.withLock { state in
                defer { state = .done(result) }
                if case .awaited(let continuation) = state { return continuation }
                return nil
            }
            waiter?.resume(with: result)
        }
    }
}
