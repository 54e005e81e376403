import NIOCore
import NIOPosix
import Synchronization

/// Wakes one sleeper: the scheduler waits on it, requests ring it when a deadline may have moved earlier.
/// A ring while nobody waits is remembered until the next wait.
///
/// The timeout is an NIO timer, not `Task.sleep`: on Linux a sleeping task is woken by a Dispatch timer whose
/// job runs on Dispatch's worker pool, and the first such worker starts the pool's once-a-second monitor for
/// good, so an idle daemon would wake every second instead of only for the watchdog.
public final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Counts waits, so a late timer cannot wake a later wait.
        var wait: UInt64 = 0
        var timer: Scheduled<Void>?
    }

    private let state = Mutex(State())
    private let loop: any EventLoop

    public init(loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.loop = loop
    }

    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = take(&state) else {
                state.rung = true
                return nil
            }
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when rung, after `timeout`, or when the task is cancelled, whichever comes first.
    public func wait(timeout: Duration) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || Task.isCancelled || timeout <= .zero {
                        state.rung = false
                        return true
                    }
                    state.wait &+= 1
                    let wait = state.wait
                    state.waiter = continuation
                    let nanoseconds = timeout.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
                    let delay =
                        nanoseconds.overflow
                        ? Int64.max
                        : nanoseconds.partialValue
                            &+ timeout.components.attoseconds / 1_000_000_000
                    state.timer = loop.scheduleTask(in: .nanoseconds(delay)) { self.expire(wait) }
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { take(&$0) }?.resume()
        }
    }

    private func expire(_ wait: UInt64) {
        let waiter = state.withLock { state in state.wait == wait ? take(&state) : nil }
        waiter?.resume()
    }

    /// Removes the waiter, if any, and its timer.
    private func take(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        defer {
            state.waiter = nil
            state.timer = nil
        }
        guard let waiter = state.waiter else { return nil }
        state.timer?.cancel()
        return waiter
    }
}
