import NIOCore
import NIOPosix

/// Runs blocking work (a rebuild's database read and replay) on a thread of the singleton event loops other than
/// the caller's.
///
/// ccsd makes those loops Swift concurrency's global executor (`Entry.swift`), and NIO keeps a job on the loop
/// that enqueues it: a `@concurrent` function called from the caseload's actor ran on the actor's own thread, so
/// rebuilds of sleeping persons took turns with everything else while the other core idled.
enum Offload {
    /// `transform` applied to each element on the loops of the group at once, a contiguous share each, results in
    /// order. The caller's own loop comes last: it is free while the caller waits, so a large batch uses every core,
    /// and a batch of one runs on another loop.
    static func map<T: Sendable, R: Sendable>(_ elements: [T], _ transform: @escaping @Sendable (T) -> R) async -> [R] {
        let loops = loops()
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

    /// The group's loops, the calling thread's own last.
    static func loops() -> [any EventLoop] {
        var loops: [any EventLoop] = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        if let own = loops.firstIndex(where: { $0.inEventLoop }) { loops.append(loops.remove(at: own)) }
        return loops
    }
}
