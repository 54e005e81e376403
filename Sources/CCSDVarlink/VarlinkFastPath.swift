import Logging
import NIOCore

/// What the fast path hands on to the connection's task, already parsed.
enum ConnectionInbound: Sendable {
    case call(VarlinkCall)
    /// Calls that arrived together, to be handled together (``VarlinkInterface/mayHandleTogether(_:)``).
    case calls([VarlinkCall])
    case problem(VarlinkWire.RequestProblem)
    /// A message grew past the size limit; the task answers and closes the connection.
    case oversized
}

/// What the connection's task writes.
enum ConnectionOutbound: Sendable {
    case message(ByteBuffer)
    /// One item handed on has been dealt with (its replies written before this); after the last one the fast
    /// path may answer calls itself again.
    case handled
}

/// Answers calls on the connection's event loop when their interface can answer at once
/// (``VarlinkInterface/answerImmediately(_:caller:)``), and hands everything else to the connection's task.
///
/// A status query answered here costs no thread hop: no wake-up of the connection's task, no actor, no
/// Dispatch worker. Order is kept: while anything handed on is unanswered (the task writes
/// ``ConnectionOutbound/handled`` after each, through this handler), every call is handed on, so replies leave
/// in the order the calls came. A call is also handed on while the socket is not writable, so a client that
/// pipelines without reading meets the task's back-pressure rather than growing the server's buffers.
///
/// Consecutive calls of one read that their interface may handle together are handed on as one item at the end
/// of the read, or before anything else is handed on: one wake-up of the task, one hand-over to the service and
/// one write for all of them.
final class VarlinkFastPath: ChannelDuplexHandler {
    typealias InboundIn = VarlinkFrame
    typealias InboundOut = ConnectionInbound
    typealias OutboundIn = ConnectionOutbound
    typealias OutboundOut = ByteBuffer

    private let server: VarlinkServer
    private let peer: PeerCredentials
    private let idle: IdleWatch
    private let logger: Logger
    /// Items handed to the task and not yet reported handled. Starts at one, for the connection itself: the
    /// task reports it handled once it serves the connection, so a connection refused over the limit, or one
    /// not yet claimed, never has a call answered.
    private var handedOn = 1
    private var unflushed = false
    /// Calls of the current read gathered to be handed on together; already counted in `handedOn` and begun.
    private var together: [VarlinkCall] = []

    init(server: VarlinkServer, peer: PeerCredentials, idle: IdleWatch, logger: Logger) {
        self.server = server
        self.peer = peer
        self.idle = idle
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .message(let message) = unwrapInboundIn(data) else {
            handOn(.oversized, context: context)
            return
        }
        let call: VarlinkCall
        switch VarlinkWire.parseCall(message) {
        case .failure(let problem):
            handOn(.problem(problem), context: context)
            return
        case .success(let parsed):
            call = parsed
        }
        guard handedOn == 0, context.channel.isWritable,
            let answer = server.answerImmediately(call, caller: peer, allocator: context.channel.allocator)
        else {
            if !call.more, let interface = server.interfaces[call.interface], interface.mayHandleTogether(call) {
                gather(call, context: context)
            } else {
                handOn(.call(call), context: context)
            }
            return
        }
        idle.touch()
        logger.debug(
            "varlink call answered at once",
            metadata: ["varlink.method": "\(call.method)", "varlink.oneway": "\(call.oneway)"])
        guard !call.oneway else { return }
        context.write(wrapOutboundOut(answer), promise: nil)
        unflushed = true
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        handOnTogether(context: context)
        flushIfNeeded(context)
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if !together.isEmpty {
            handOnTogether(context: context)
            context.fireChannelReadComplete()
        }
        flushIfNeeded(context)
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !together.isEmpty {
            handOnTogether(context: context)
            context.fireChannelReadComplete()
        }
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .message(let buffer):
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .handled:
            handedOn -= 1
            promise?.succeed(())
        }
    }

    private func handOn(_ item: ConnectionInbound, context: ChannelHandlerContext) {
        handOnTogether(context: context)
        flushIfNeeded(context)
        // A call is in progress from its arrival: a handler slow to take it off the stream (a loaded machine) must
        // not let the idle limit close the connection under it. The handler ends it (`handleCalls`).
        if case .call = item { idle.begin() }
        handedOn += 1
        context.fireChannelRead(wrapInboundOut(item))
    }

    /// Adds a call to those to be handed on together; calls of another interface, or more than a connection may
    /// have pending, start a new group.
    private func gather(_ call: VarlinkCall, context: ChannelHandlerContext) {
        if let first = together.first,
            first.interface != call.interface || together.count >= server.limits.maxPendingCallsPerConnection
        {
            handOnTogether(context: context)
        }
        if together.isEmpty {
            flushIfNeeded(context)
            // As for one call (see `handOn`): in progress from its arrival, and answered before anything after it.
            idle.begin()
            handedOn += 1
        }
        together.append(call)
    }

    private func handOnTogether(context: ChannelHandlerContext) {
        guard !together.isEmpty else { return }
        let calls = together
        together = []
        context.fireChannelRead(wrapInboundOut(calls.count == 1 ? .call(calls[0]) : .calls(calls)))
    }

    private func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard unflushed else { return }
        unflushed = false
        context.flush()
    }
}

extension VarlinkServer {
    /// The reply message for `call` if its interface answers it at once; `nil` hands the call to the task.
    ///
    /// An interface that throws a ``VarlinkError`` here is answered with that error, as from `handle`.
    func answerImmediately(_ call: VarlinkCall, caller: PeerCredentials, allocator: ByteBufferAllocator)
        -> ByteBuffer?
    {
        do throws(VarlinkError) {
            let reply: VarlinkImmediateReply?
            if call.interface == VarlinkError.serviceInterface {
                reply = try answerServiceCall(call)
            } else if let interface = interfaces[call.interface] {
                reply = try interface.answerImmediately(call, caller: caller)
            } else {
                throw VarlinkError.interfaceNotFound(call.interface)
            }
            guard let reply, let parameters = try? reply.encodedParameters() else { return nil }
            return VarlinkWire.reply(encodedParameters: parameters, continues: false, allocator: allocator)
        } catch {
            return VarlinkWire.error(error, allocator: allocator)
        }
    }
}

extension VarlinkImmediateReply {
    /// The JSON text of the parameters object.
    func encodedParameters() throws -> [UInt8] {
        switch self {
        case .encoded(let bytes): return bytes
        case .parameters(let value):
            guard case .object = value else { throw JSONWireError.notAnObject }
            return try value.jsonBytes()
        }
    }
}
