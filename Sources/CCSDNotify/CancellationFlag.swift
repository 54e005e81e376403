import Synchronization

/// Set by a task's cancellation handler, read by the thread running a program.
final class CancellationFlag: Sendable {
    private let flag = Mutex(false)

    init() {}

    func cancel() { flag.withLock { $0 = true } }

    var isCancelled: Bool { flag.withLock { $0 } }
}
