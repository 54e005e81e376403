import Synchronization

/// Maps a peer's uid to a caller with a role, caching the answer briefly: group changes take effect within
/// `ttl` seconds, and a busy socket does not look up the group database on every call.
public final class RoleResolver: Sendable {
    private struct Cached {
        let caller: Caller
        let expires: Int64
    }

    private let cache = Mutex<[UInt32: Cached]>([:])
    /// Serializes the lookups (the group database calls are not thread-safe) without holding `cache`, so a slow
    /// lookup (sssd, LDAP) never blocks `cachedCaller`, which the socket's event loop calls.
    private let lookups = Mutex(())
    private let ttl: Int64
    private let lookup: @Sendable (UInt32) -> (name: String, role: Role)

    /// `lookup` defaults to the system's user and group databases.
    public init(ttlSeconds: Int64 = 30, lookup: @escaping @Sendable (UInt32) -> (name: String, role: Role) = Role.of) {
        self.ttl = ttlSeconds * 1_000_000
        self.lookup = lookup
    }

    /// The caller if a fresh answer is cached, else nil; never looks anything up.
    public func cachedCaller(uid: UInt32) -> Caller? {
        let now = monotonicMicroseconds()
        return cache.withLock { cache in cache[uid].flatMap { $0.expires > now ? $0.caller : nil } }
    }

    /// The caller, looked up in the user and group databases unless a fresh answer is cached.
    public func caller(uid: UInt32) -> Caller {
        if let cached = cachedCaller(uid: uid) { return cached }
        return lookups.withLock { _ in
            // Another thread may have looked the same uid up while this one waited.
            if let cached = cachedCaller(uid: uid) { return cached }
            let (name, role) = lookup(uid)
            let caller = Caller(uid: uid, name: name, role: role)
            let expires = monotonicMicroseconds() + ttl
            cache.withLock { $0[uid] = Cached(caller: caller, expires: expires) }
            return caller
        }
    }
}
