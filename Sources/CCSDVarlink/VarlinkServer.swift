import Logging
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Varlink service on a Unix stream socket: accepts connections, frames NUL-terminated JSON messages,
/// answers `org.varlink.service` itself and routes every other call to its ``VarlinkInterface``.
///
/// ``run(listeningOn:onListening:)`` serves until its task is cancelled; it then stops accepting,
/// cancels the handlers still running, closes every connection and returns. It never returns early
/// because of a bad client: every problem with a message is answered with a Varlink error.
public struct VarlinkServer: Sendable {
    /// What `org.varlink.service.GetInfo` reports.
    public struct ServiceInfo: Sendable, Hashable, Codable {
        public var vendor: String
        public var product: String
        public var version: String
        public var url: String

        public init(vendor: String, product: String, version: String, url: String) {
            self.vendor = vendor
            self.product = product
            self.version = version
            self.url = url
        }
    }

    /// Resource limits, enforced per server and per connection.
    public struct Limits: Sendable, Hashable {
        /// The largest message (JSON text without its NUL) a client may send. A larger one is answered with
        /// ``VarlinkError/messageTooLarge(limit:)`` and the connection is closed (the stream cannot be
        /// resynchronised). Replies are not limited.
        public var maxMessageBytes: Int
        /// Connections served at once. One more is accepted, sent ``VarlinkError/tooManyConnections(limit:)``
        /// and closed.
        public var maxConnections: Int
        /// A connection with no call in progress for this long is closed without a message. A handler that
        /// is running (a long `more` stream) keeps its connection open.
        public var idleTimeout: Duration
        /// Calls received on one connection but not yet handled, and calls that overlap (see
        /// ``VarlinkReplier/proceed()``). Calls are handled in order; past this many waiting, the server stops
        /// reading the connection until it catches up (the client blocks in `send`), so a pipelining client
        /// never grows the server's memory without bound.
        public var maxPendingCallsPerConnection: Int

        public init(
            maxMessageBytes: Int = 1 << 20,
            maxConnections: Int = 256,
            idleTimeout: Duration = .seconds(300),
            maxPendingCallsPerConnection: Int = 64
        ) {
            self.maxMessageBytes = max(1, maxMessageBytes)
            self.maxConnections = max(1, maxConnections)
            self.idleTimeout = idleTimeout
            self.maxPendingCallsPerConnection = max(1, maxPendingCallsPerConnection)
        }
    }

    /// Where the server listens.
    public enum ListenTarget: Sendable, Hashable {
        /// Bind a socket at `path`: the parent directory is created (mode 0755) if missing, a stale socket
        /// left by a dead server is removed (a live one is an error: ``VarlinkServerError/addressInUse(path:)``),
        /// and the socket gets `mode` and, if given, `group`. The socket file is removed when the server stops.
        case path(String, mode: mode_t = 0o660, group: gid_t? = nil)
        /// Serve an already bound and listening socket, such as one passed by systemd socket activation.
        /// The server closes its descriptor when it stops but never unlinks the socket's path.
        case adoptedFD(Int32)
    }

    let interfaces: [String: any VarlinkInterface]
    let info: ServiceInfo
    let limits: Limits
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup

    /// Creates a server for `interfaces`; `org.varlink.service` is built in and cannot be replaced.
    public init(
        interfaces: [any VarlinkInterface],
        info: ServiceInfo,
        limits: Limits = Limits(),
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        var byName: [String: any VarlinkInterface] = [:]
        for interface in interfaces where interface.name != VarlinkError.serviceInterface {
            byName[interface.name] = interface
        }
        self.interfaces = byName
        self.info = info
        self.limits = limits
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
    }

    /// Serves `target` until the task is cancelled.
    ///
    /// `onListening` runs once the socket accepts connections (bound, permissions set): the moment to
    /// tell a supervisor the service is ready. Throws only when the socket cannot be set up.
    public func run(listeningOn target: ListenTarget, onListening: @Sendable () async -> Void = {}) async throws {
        let registry = ConnectionRegistry()
        let listener = try await listen(on: target, registry: registry)
        let counter = ConnectionCounter()
        defer { listener.removeSocketFile() }
        await onListening()
        logger.info("varlink server listening", metadata: ["varlink.socket": "\(listener.description)"])
        do {
            try await listener.channel.executeThenClose { accepted in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in accepted {
                        guard registry.claim(connection.channel.channel) else { continue }
                        guard counter.enter(limit: limits.maxConnections) else {
                            group.addTask { await reject(connection) }
                            continue
                        }
                        group.addTask {
                            defer { counter.leave() }
                            await serve(connection)
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Cancellation is how the server is asked to stop.
        } catch {
            await registry.closeAll()
            throw error
        }
        await registry.closeAll()
        logger.info("varlink server stopped", metadata: ["varlink.socket": "\(listener.description)"])
    }
}

/// Counts the connections being served.
final class ConnectionCounter: Sendable {
    private let count = Mutex(0)

    /// Counts one more connection unless `limit` are already served.
    func enter(limit: Int) -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        count.withLock { $0 -= 1 }
    }
}
