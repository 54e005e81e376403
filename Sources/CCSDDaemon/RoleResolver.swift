import Synchronization

/// Maps a peer's uid to a caller with a role, caching the answer briefly: group changes take effect within
/// `ttl` seconds, and a busy socket does not look up the group database on every call.
public final class RoleResolver: Sendable {
    private struct Cached {
        let caller: Caller
        let expires: Int64
    }

    private let cache = Mutex<[UInt32: Cached]>([:])
    private let ttl: Int64
    private let lookup: @Sendable (UInt32) -> (name: String, role: Role)

    /// `lookup` defaults to the system's user and group databases.
    public init(ttlSeconds: Int64 = 30, lookup: @escaping @Sendable (UInt32) -> (name: String, role: Role) = Role.of) {
        self.ttl = ttlSeconds * 1_000_000
        self.lookup = lookup
    }

    public func caller(uid: UInt32) -> Caller {
        let now = monotonicMicroseconds()
        return cache.withLock { cache in
            if let hit = cache[uid], hit.expires > now { return hit.caller }
            // The group database calls are not thread-safe; the lock serializes them too.
            let (name, role) = lookup(uid)
            let caller = Caller(uid: uid, name: name, role: role)
            cache[uid] = Cached(caller: caller, expires: now + ttl)
            return caller
        }
    }
}
