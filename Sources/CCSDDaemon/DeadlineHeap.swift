import CCSDTime

/// A min-heap of (deadline, person) with lazy removal: a person's newer entry makes older ones stale.
struct DeadlineHeap {
    struct Entry {
        var at: Instant
        var caseID: String
        var version: UInt64
    }

    private var items: [Entry] = []

    var count: Int { items.count }

    init() {}

    /// A heap of `entries` in any order, built in linear time (start-up pushes a million at once).
    init(unordered entries: [Entry]) {
        items = entries
        var index = items.count / 2
        while index > 0 {
            index -= 1
            siftDown(from: index)
        }
    }

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].at < items[parent].at else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest entry for which `isCurrent` holds, dropping stale ones on the way.
    mutating func peek(isCurrent: (Entry) -> Bool) -> Entry? {
        while let top = items.first {
            if isCurrent(top) { return top }
            pop()
        }
        return nil
    }

    /// Up to `limit` entries due at or before `now`, stale ones included, without removing any: the entries due by
    /// a time are a subtree at the top of the heap.
    func due(through now: Instant, limit: Int) -> [Entry] {
        var found: [Entry] = []
        var pending = items.isEmpty ? [] : [0]
        while found.count < limit, let index = pending.popLast() {
            guard items[index].at <= now else { continue }
            found.append(items[index])
            for child in [2 * index + 1, 2 * index + 2] where child < items.count { pending.append(child) }
        }
        return found
    }

    /// Keeps only the entries for which `isCurrent` holds, in linear time.
    mutating func compact(keeping isCurrent: (Entry) -> Bool) {
        self = DeadlineHeap(unordered: items.filter(isCurrent))
    }

    @discardableResult
    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        siftDown(from: 0)
        return top
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left].at < items[smallest].at { smallest = left }
            if right < items.count && items[right].at < items[smallest].at { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
