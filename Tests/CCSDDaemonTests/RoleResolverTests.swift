import CCSDDaemon
import Foundation
import Synchronization
import Testing

@Suite("Roles of socket peers: cached, and never looked up on the socket's event loop")
struct RoleResolverTests {
    @Test("a cached answer is served without a lookup; a miss is nil, not a lookup")
    func cachedOnly() {
        let lookups = Atomic(0)
        let roles = RoleResolver { uid in
            lookups.add(1, ordering: .relaxed)
            return ("user\(uid)", .officer)
        }
        #expect(roles.cachedCaller(uid: 1000) == nil)
        #expect(lookups.load(ordering: .relaxed) == 0)
        #expect(roles.caller(uid: 1000).role == .officer)
        #expect(roles.cachedCaller(uid: 1000)?.name == "user1000")
        _ = roles.caller(uid: 1000)
        #expect(lookups.load(ordering: .relaxed) == 1)
    }

    @Test("a slow lookup (sssd, LDAP) does not block the cache for anyone else")
    func slowLookupDoesNotBlock() {
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let roles = RoleResolver(ttlSeconds: 3600) { uid in
            if uid == 1 {
                started.signal()
                release.wait()
            }
            return ("user\(uid)", .auditor)
        }
        _ = roles.caller(uid: 2)
        Thread {
            _ = roles.caller(uid: 1)
            finished.signal()
        }.start()
        started.wait()
        // The lookup of uid 1 is in progress: cached answers still come at once.
        #expect(roles.cachedCaller(uid: 2)?.name == "user2")
        #expect(roles.cachedCaller(uid: 1) == nil)
        release.signal()
        finished.wait()
        #expect(roles.cachedCaller(uid: 1)?.role == .auditor)
    }
}
