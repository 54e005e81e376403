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

    /// Answers the calls the fast path handed on, in order. A call its interface lets overlap
    /// (``VarlinkInterface/mayOverlap(_:)``) starts once the calls before it have proceeded
    /// (``VarlinkReplier/proceed()``), at most `maxPendingCallsPerConnection` at once; any other call starts once
    /// they have replied. Calls the fast path gathered are handled together, as one call. Replies leave in the
    /// order the calls came, each call writing in its turn.
    private func handleCalls(
        _ inbound: NIOAsyncChannelInboundStream<ConnectionInbound>,
        _ outbound: NIOAsyncChannelOutboundWriter<ConnectionOutbound>,
        _ peer: PeerCredentials,
        _ idle: IdleWatch,
        _ allocator: ByteBufferAllocator,
        _ logger: Logger
    ) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            // The calls started and not yet finished, oldest first, with how many calls each handles.
            var running: [(replier: ConnectionReplier, calls: Int)] = []
            for try await item in inbound {
                // A call failed to write (the client left) and the others were cancelled: stop reading.
                if group.isCancelled { throw CancellationError() }
                running.removeAll { $0.replier.finished.fired }
                // Calls handled together count one by one (the fast path gathers at most the limit at once).
                while let oldest = running.first,
                    running.reduce(0, { $0 + $1.calls }) >= limits.maxPendingCallsPerConnection
                {
                    try await oldest.replier.finished.wait()
                    running.removeFirst()
                }
                let calls: [VarlinkCall]
                switch item {
                case .call(let call): calls = [call]
                case .calls(let together): calls = together
                case .problem, .oversized:
                    // Answered after every earlier call's replies.
                    try await running.last?.replier.finished.wait()
                    running = []
                    guard try await answer(problem: item, outbound, allocator, logger) else { return }
                    try await outbound.write(.handled)
                    continue
                }
                // Calls handled together all may overlap (`mayHandleTogether`), so the first speaks for them.
                if interfaces[calls[0].interface]?.mayOverlap(calls[0]) != true {
                    try await running.last?.replier.finished.wait()
                    running = []
                }
                let replier = ConnectionReplier(
                    call: calls[0], after: running.last?.replier, outbound: outbound, allocator: allocator,
                    logger: logger)
                running.append((replier, calls.count))
                group.addTask {
                    defer { idle.end() }
                    do {
                        if calls.count == 1 {
                            try await dispatch(calls[0], caller: peer, replier: replier, logger: logger)
                        } else {
                            try await dispatch(together: calls, caller: peer, replier: replier, logger: logger)
                        }
                    } catch {
                        // The connection is going: release whoever waits for this call (their writes fail too).
                        replier.abandon()
                        throw error
                    }
                    try await replier.finish()
                }
                try await replier.proceeded.wait()
            }
        }
    }

    /// Answers an item that is not a call; `false` when the connection must close after it.
    private func answer(
        problem item: ConnectionInbound,
        _ outbound: NIOAsyncChannelOutboundWriter<ConnectionOutbound>,
        _ allocator: ByteBufferAllocator,
        _ logger: Logger
    ) async throws -> Bool {
        switch item {
        case .oversized:
            logger.notice("varlink message over the size limit; closing the connection")
            try await outbound.write(
                .message(VarlinkWire.error(.messageTooLarge(limit: limits.maxMessageBytes), allocator: allocator)))
            return false
        case .problem(.malformed):
            logger.notice("malformed varlink message; closing the connection")
            try await outbound.write(.message(VarlinkWire.error(.invalidParameter("message"), allocator: allocator)))
            return false
        case .problem(.invalid(let error)):
            logger.notice("invalid varlink call", metadata: ["varlink.error": "\(error)"])
            try await outbound.write(.message(VarlinkWire.error(error, allocator: allocator)))
            return true
        case .call, .calls:
            return true
        }
    }
}
