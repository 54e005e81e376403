import Logging
import NIOCore

extension VarlinkServer {
    /// Serves one connection until the client leaves, a protocol error ends it, it idles out, or the
    /// server stops.
    func serve(_ connection: AcceptedConnection) async {
        let logger = connection.logger
        logger.debug("varlink connection accepted")
        let channel = connection.channel.channel
        let idle = connection.idle
        do {
            try await connection.channel.executeThenClose { inbound, outbound in
                // Opens the fast path (see VarlinkFastPath): the connection is now served.
                try await outbound.write(.handled)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await handleCalls(inbound, outbound, connection.peer, idle, channel.allocator, logger)
                    }
                    group.addTask {
                        try await idle.waitUntilIdle()
                        logger.debug("closing idle varlink connection")
                    }
                    group.addTask {
                        // Ends when the channel closes, so a running handler is cancelled if the client leaves.
                        try await channel.closeFuture.get()
                    }
                    defer {
                        group.cancelAll()
                        channel.close(promise: nil)
                    }
                    _ = try await group.next()
                }
            }
        } catch is CancellationError {
        } catch {
            logger.debug("varlink connection ended", metadata: ["error": "\(error)"])
        }
        logger.debug("varlink connection closed")
    }

    /// Answers a connection over the limit with ``VarlinkError/tooManyConnections(limit:)`` and closes it.
    func reject(_ connection: AcceptedConnection) async {
        logger.warning(
            "refusing varlink connection: connection limit reached",
            metadata: ["varlink.limit": "\(limits.maxConnections)", "varlink.peer.pid": "\(connection.peer.pid)"]
        )
        let allocator = connection.channel.channel.allocator
        try? await connection.channel.executeThenClose { _, outbound in
            try await outbound.write(
                .message(VarlinkWire.error(.tooManyConnections(limit: limits.maxConnections), allocator: allocator))
            )
        }
    }

    /// Answers the calls the fast path handed on, one at a time, in order.
    private func handleCalls(
        _ inbound: NIOAsyncChannelInboundStream<ConnectionInbound>,
        _ outbound: NIOAsyncChannelOutboundWriter<ConnectionOutbound>,
        _ peer: PeerCredentials,
        _ idle: IdleWatch,
        _ allocator: ByteBufferAllocator,
        _ logger: Logger
    ) async throws {
        for try await item in inbound {
            switch item {
            case .oversized:
                logger.notice("varlink message over the size limit; closing the connection")
                try await outbound.write(
                    .message(VarlinkWire.error(.messageTooLarge(limit: limits.maxMessageBytes), allocator: allocator))
                )
                return
            case .problem(.malformed):
                logger.notice("malformed varlink message; closing the connection")
                try await outbound.write(
                    .message(VarlinkWire.error(.invalidParameter("message"), allocator: allocator)))
                return
            case .problem(.invalid(let error)):
                logger.notice("invalid varlink call", metadata: ["varlink.error": "\(error)"])
                try await outbound.write(.message(VarlinkWire.error(error, allocator: allocator)))
            case .call(let call):
                idle.begin()
                defer { idle.end() }
                let replier = ConnectionReplier(call: call, outbound: outbound, allocator: allocator, logger: logger)
                try await dispatch(call, caller: peer, replier: replier, logger: logger)
            }
            try await outbound.write(.handled)
        }
    }
}
