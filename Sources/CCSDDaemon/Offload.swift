import NIOCore
import NIOPosix

/// Runs blocking work (a rebuild's database read and replay) on a thread of the singleton event loops other than
/// the caller's.
///
/// ccsd makes those loops Swift concurrency's global executor (`Entry.swift`), and NIO keeps a job on the loop
/// that enqueues it: a `@concurrent` function called from the caseload's actor ran on the actor's own thread, so
/// rebuilds of sleeping persons took turns with everything else while the other core idled.
enum Offload {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        let loop = otherLoop()
        return await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: body()) }
        }
    }

    /// The next loop of the group (round robin) that is not the calling thread's; the calling thread's own only
    /// when the group has no other (a one-core machine).
    static func otherLoop() -> any EventLoop {
        let group = MultiThreadedEventLoopGroup.singleton
        var loop = group.next()
        for _ in 0..<8 where loop.inEventLoop { loop = group.next() }
        return loop
    }
}
