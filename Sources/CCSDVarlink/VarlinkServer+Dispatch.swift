import Logging
import NIOCore

extension VarlinkServer {
    /// Routes one call to its interface and makes sure it ends with exactly one final reply.
    ///
    /// Throws only when the connection can no longer be written to.
    func dispatch(
        _ call: VarlinkCall,
        caller: PeerCredentials,
        replier: ConnectionReplier,
        logger: Logger
    ) async throws {
        // The method goes on each message rather than on a copy of the logger: setting logger metadata copies
        // the log handler on every call, logged or not.
        let method: Logger.MetadataValue = "\(call.method)"
        logger.debug(
            "varlink call",
            metadata: ["varlink.method": method, "varlink.more": "\(call.more)", "varlink.oneway": "\(call.oneway)"])
        do {
            if call.interface == VarlinkError.serviceInterface {
                try await handleServiceCall(call, replier: replier)
            } else if let interface = interfaces[call.interface] {
                // Calls queued behind a slow one still skip the interface's task work when they can.
                if let immediate = try interface.answerImmediately(call, caller: caller) {
                    try await replier.reply(immediate)
                } else {
                    try await interface.handle(call, caller: caller, replier: replier)
                }
            } else {
                throw VarlinkError.interfaceNotFound(call.interface)
            }
            switch replier.progress {
            case .finished:
                break
            case .notReplied:
                try await replier.reply(VarlinkEmptyReply())
            case .streaming:
                logger.error("varlink handler returned without ending its stream", metadata: ["varlink.method": method])
                try await replier.error(.internalError(interface: call.interface))
            }
        } catch let error as VarlinkError {
            logger.debug("varlink error reply", metadata: ["varlink.method": method, "varlink.error": "\(error)"])
            try await replier.error(error)
        } catch {
            if Task.isCancelled || replier.connectionLost {
                logger.debug(
                    "varlink call abandoned: the connection is closing",
                    metadata: ["varlink.method": method, "error": "\(error)"])
                throw CancellationError()
            }
            logger.error(
                "varlink handler failed", metadata: ["varlink.method": method, "error": "\(String(reflecting: error))"])
            try await replier.error(.internalError(interface: call.interface))
        }
    }

    /// Hands calls that arrived together to their interface in one go and writes all their replies at once.
    func dispatch(
        together calls: [VarlinkCall],
        caller: PeerCredentials,
        replier: ConnectionReplier,
        logger: Logger
    ) async throws {
        logger.debug(
            "varlink calls handled together",
            metadata: ["varlink.method": "\(calls[0].method)", "varlink.calls": "\(calls.count)"])
        // The fast path gathers only calls of one interface it serves.
        let outcomes =
            await interfaces[calls[0].interface]?.handle(together: calls, caller: caller, proceed: replier.proceed)
            ?? calls.map { .failure(.interfaceNotFound($0.interface)) }
        if outcomes.count != calls.count {
            logger.error(
                "varlink interface answered calls handled together with the wrong number of replies",
                metadata: ["varlink.method": "\(calls[0].method)", "varlink.calls": "\(calls.count)"])
        }
        if Task.isCancelled { throw CancellationError() }
        try await replier.reply(together: outcomes, to: calls)
    }
}
