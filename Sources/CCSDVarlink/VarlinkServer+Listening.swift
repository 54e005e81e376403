import Foundation
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A connection the server accepted: its channel, and who connected.
struct AcceptedConnection: Sendable {
    let channel: NIOAsyncChannel<ConnectionInbound, ConnectionOutbound>
    let peer: PeerCredentials
    let idle: IdleWatch
    let logger: Logger
}

/// The listening socket and what must be cleaned up when it closes.
struct Listener: Sendable, CustomStringConvertible {
    let channel: NIOAsyncChannel<AcceptedConnection, Never>
    /// The socket file this server created, with its inode, so only that file is removed.
    let ownedPath: (path: String, inode: ino_t)?
    let description: String

    /// Removes the socket file if it is still the one this server bound.
    func removeSocketFile() {
        guard let owned = ownedPath else { return }
        var status = stat()
        if lstat(owned.path, &status) == 0, status.st_ino == owned.inode {
            unlink(owned.path)
        }
    }
}

/// Why the server could not listen.
public enum VarlinkServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process is serving the socket at `path`.
    case addressInUse(path: String)
    /// Something that is not a socket is in the way at `path`; it is left alone.
    case notASocket(path: String)
    /// A system call preparing the socket failed.
    case socketSetup(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .addressInUse(let path): "another server is already listening on \(path)"
        case .notASocket(let path): "\(path) exists and is not a socket; remove it or choose another path"
        case .socketSetup(let path, let operation, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}

extension VarlinkServer {
    /// Binds or adopts the listening socket.
    func listen(on target: ListenTarget, registry: ConnectionRegistry) async throws -> Listener {
        let initializeConnection: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
            self.initializeConnection(channel, registry: registry)
        }
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        switch target {
        case .adoptedFD(let descriptor):
            let channel = try await bootstrap.bind(descriptor, childChannelInitializer: initializeConnection)
            return Listener(channel: channel, ownedPath: nil, description: "fd \(descriptor)")
        case .path(let path, let mode, let group):
            try Self.prepareSocketPath(path)
            let channel = try await bootstrap.bind(
                unixDomainSocketPath: path, childChannelInitializer: initializeConnection)
            do {
                try Self.check(chmod(path, mode), "chmod", path)
                if let group {
                    try Self.check(chown(path, uid_t.max, group), "chown", path)
                }
                var status = stat()
                try Self.check(lstat(path, &status), "stat", path)
                return Listener(channel: channel, ownedPath: (path, status.st_ino), description: path)
            } catch {
                try? await channel.channel.close()
                unlink(path)
                throw error
            }
        }
    }

    /// Sets up one accepted connection, on its event loop: peer credentials, framing, the async bridge.
    private func initializeConnection(
        _ channel: any Channel,
        registry: ConnectionRegistry
    ) -> EventLoopFuture<AcceptedConnection> {
        let limits = self.limits
        return PeerCredentials.of(channel).flatMapThrowing { peer in
            var logger = self.logger
            logger[metadataKey: "varlink.peer.pid"] = "\(peer.pid)"
            logger[metadataKey: "varlink.peer.uid"] = "\(peer.uid)"
            let idle = IdleWatch(timeout: limits.idleTimeout)
            try channel.pipeline.syncOperations.addHandlers(
                ByteToMessageHandler(VarlinkFrameDecoder(maxMessageBytes: limits.maxMessageBytes)),
                VarlinkFastPath(server: self, peer: peer, idle: idle, logger: logger)
            )
            let pending = limits.maxPendingCallsPerConnection
            let configuration = NIOAsyncChannel<ConnectionInbound, ConnectionOutbound>.Configuration(
                backPressureStrategy: .init(lowWatermark: max(1, pending / 2), highWatermark: pending)
            )
            let connection = try registry.register(channel) {
                try NIOAsyncChannel<ConnectionInbound, ConnectionOutbound>(
                    wrappingChannelSynchronously: channel,
                    configuration: configuration
                )
            }
            guard let connection else { throw ServerStopping() }
            return AcceptedConnection(channel: connection, peer: peer, idle: idle, logger: logger)
        }
    }

    /// Creates the parent directory and clears a stale socket; refuses to touch a live socket or a non-socket.
    static func prepareSocketPath(_ path: String) throws {
        try makeDirectories((path as NSString).deletingLastPathComponent)
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else { throw VarlinkServerError.notASocket(path: path) }
        if let live = try? UnixSocket.connect(path: path) {
            close(live)
            throw VarlinkServerError.addressInUse(path: path)
        }
        try check(unlink(path), "unlink stale socket", path)
    }

    /// `mkdir -p` with mode 0755, reporting the `errno` of the first failing component.
    static func makeDirectories(_ directory: String) throws {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw VarlinkServerError.socketSetup(path: prefix, operation: "mkdir", errno: errno)
            }
        }
        var status = stat()
        if stat(directory.isEmpty ? "." : directory, &status) != 0 {
            throw VarlinkServerError.socketSetup(path: directory, operation: "stat", errno: errno)
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw VarlinkServerError.socketSetup(path: directory, operation: "mkdir", errno: ENOTDIR)
        }
    }

    private static func check(_ result: Int32, _ operation: String, _ path: String) throws {
        if result != 0 { throw VarlinkServerError.socketSetup(path: path, operation: operation, errno: errno) }
    }
}
