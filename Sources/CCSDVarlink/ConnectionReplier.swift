import Logging
import NIOCore
import Synchronization

/// The ``VarlinkReplier`` for one call on one connection: writes replies in order and keeps a call to
/// its one final reply.
///
/// Calls on a connection may overlap (``proceed()``), so a call writes only in its turn: after the call before it
/// has finished (``finish()``).
final class ConnectionReplier: VarlinkReplier {
    /// Where the call stands; replies after ``finished`` are dropped.
    enum Progress: Sendable, Equatable {
        case notReplied
        case streaming
        case finished
    }

    private let call: VarlinkCall
    private let outbound: NIOAsyncChannelOutboundWriter<ConnectionOutbound>
    private let allocator: ByteBufferAllocator
    private let logger: Logger
    private let state = Mutex(Progress.notReplied)
    private let lost = Mutex(false)
    /// Whether ``ConnectionOutbound/handled`` went out with the final reply (one hand-over to the channel instead
    /// of two), so that ``finish()`` need not send it.
    private let handledSent = Mutex(false)
    /// Fired by the call before this one once it has finished; nil for the first.
    private let turn: OneShot?
    /// Fired when the connection may start its next call: at ``proceed()`` or ``finish()``.
    let proceeded = OneShot()
    /// Fired by ``finish()``: every reply of this call has been written.
    let finished = OneShot()

    init(
        call: VarlinkCall,
        after previous: ConnectionReplier?,
        outbound: NIOAsyncChannelOutboundWriter<ConnectionOutbound>,
        allocator: ByteBufferAllocator,
        logger: Logger
    ) {
        self.call = call
        self.turn = previous?.finished
        self.outbound = outbound
        self.allocator = allocator
        self.logger = logger
    }

    func proceed() {
        proceeded.fire()
    }

    /// Ends the call once its turn has come: reports it handled to the fast path and lets the next call write.
    /// Called once, after the handler returned.
    func finish() async throws {
        defer { abandon() }
        if handledSent.withLock({ $0 }) { return }
        try await waitForTurn()
        try await outbound.write(.handled)
    }

    /// Releases the connection's loop and the next call without writing anything more: for a call whose task
    /// is ending with an error, when the connection is being closed. Later calls then find their tasks cancelled
    /// and write nothing, so no reply can overtake one this call never wrote.
    func abandon() {
        finished.fire()
        proceeded.fire()
    }

    /// Waits until every earlier call of the connection has finished; throws if this call's task was cancelled
    /// meanwhile (the connection is closing: an earlier call may have been abandoned unanswered).
    private func waitForTurn() async throws {
        try await turn?.wait()
        try Task.checkCancellation()
    }

    /// How far the call has been answered.
    var progress: Progress { state.withLock { $0 } }

    /// A write failed: the client is gone, and errors the handler throws now are a consequence of that.
    var connectionLost: Bool { lost.withLock { $0 } }

    func reply(_ parameters: some Encodable, continues: Bool) async throws {
        // Parameters already in JSON form skip Foundation's encoder.
        if parameters is VarlinkEmptyReply {
            try await send(encodedParameters: "{}".utf8, continues: continues)
        } else if let value = parameters as? JSONValue {
            let encoded = try VarlinkImmediateReply.parameters(value).encodedParameters()
            try await send(encodedParameters: encoded, continues: continues)
        } else if let members = parameters as? [String: JSONValue] {
            try await send(encodedParameters: try JSONValue.object(members).jsonBytes(), continues: continues)
        } else if let representable = parameters as? any JSONObjectRepresentable {
            let encoded = try JSONValue.object(representable.jsonObject).jsonBytes()
            try await send(encodedParameters: encoded, continues: continues)
        } else {
            try await send(encodedParameters: try JSONValue.encodeObject(parameters), continues: continues)
        }
    }

    /// Sends an answer given at once as the final reply.
    func reply(_ immediate: VarlinkImmediateReply) async throws {
        try await send(encodedParameters: try immediate.encodedParameters(), continues: false)
    }

    private func send(encodedParameters: some Collection<UInt8>, continues: Bool) async throws {
        let continues = continues && call.more
        guard advance(final: !continues), !call.oneway else { return }
        try await write(
            VarlinkWire.reply(encodedParameters: encodedParameters, continues: continues, allocator: allocator),
            final: !continues)
    }

    /// Writes the final replies of calls handled together (``VarlinkInterface/handle(together:caller:proceed:)``)
    /// in one write, in their turn; none for `oneway` calls. A call the interface left without an outcome gets
    /// `InternalError`.
    func reply(together outcomes: [Result<VarlinkImmediateReply, VarlinkError>], to calls: [VarlinkCall])
        async throws
    {
        guard advance(final: true) else { return }
        var messages = allocator.buffer(capacity: calls.count * 160)
        for (index, call) in calls.enumerated() where !call.oneway {
            let outcome = index < outcomes.count ? outcomes[index] : .failure(.internalError(interface: call.interface))
            switch outcome {
            case .success(let reply):
                if let parameters = try? reply.encodedParameters() {
                    VarlinkWire.writeReply(encodedParameters: parameters, continues: false, into: &messages)
                } else {
                    VarlinkWire.writeError(.internalError(interface: call.interface), into: &messages)
                }
            case .failure(let error):
                VarlinkWire.writeError(error, into: &messages)
            }
        }
        try await write(messages, final: true)
    }

    func error(_ error: VarlinkError) async throws {
        guard advance(final: true), !call.oneway else { return }
        try await write(VarlinkWire.error(error, allocator: allocator), final: true)
    }

    /// Writes a reply in the call's turn; the final one carries the call's ``ConnectionOutbound/handled``.
    private func write(_ message: ByteBuffer, final: Bool) async throws {
        do {
            try await waitForTurn()
            if final {
                handledSent.withLock { $0 = true }
                try await outbound.write(
                    contentsOf: message.readableBytes == 0 ? [.handled] : [.message(message), .handled])
            } else {
                try await outbound.write(.message(message))
            }
        } catch {
            lost.withLock { $0 = true }
            throw error
        }
    }

    /// Records a reply; `false` when the call was already finished (the reply is then dropped).
    private func advance(final: Bool) -> Bool {
        let accepted = state.withLock { progress in
            guard progress != .finished else { return false }
            progress = final ? .finished : .streaming
            return true
        }
        if !accepted {
            logger.warning("dropping a reply sent after the final one", metadata: ["varlink.method": "\(call.method)"])
        }
        return accepted
    }
}
