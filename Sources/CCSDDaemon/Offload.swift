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

    /// `transform` applied to each element on every loop of the group at once, a contiguous share each, results in
    /// order: the caller's own loop is free while it waits, so a batch of rebuilds uses every core.
    static func map<T: Sendable, R: Sendable>(_ elements: [T], _ transform: @escaping @Sendable (T) -> R) async -> [R] {
        let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        let share = (elements.count + loops.count - 1) / max(1, loops.count)
        return await withTaskGroup(of: (Int, [R]).self) { group in
            for (index, loop) in loops.enumerated() where index * share < elements.count {
                let part = Array(elements[(index * share)..<min(elements.count, (index + 1) * share)])
                group.addTask {
                    let results = await withCheckedContinuation { continuation in
                        loop.execute { continuation.resume(returning: part.map(transform)) }
                    }
                    return (index, results)
                }
            }
            var parts: [(Int, [R])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
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
