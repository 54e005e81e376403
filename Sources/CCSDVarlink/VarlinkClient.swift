import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A blocking Varlink client over a Unix socket, for command-line tools.
///
/// One connection; calls are sent and answered one after the other. Not for concurrent use.
/// The connection closes when the client is deinitialised.
public final class VarlinkClient {
    private let descriptor: Int32
    private var buffer = ByteBuffer()
    private var framer: VarlinkFramer

    /// Connects to the socket at `path`.
    ///
    /// - Parameters:
    ///   - timeout: how long to wait for each reply (`nil`: forever, for example to follow a stream).
    ///   - maxReplyBytes: the largest reply accepted; a larger one fails the call with ``VarlinkClientError/malformedReply(_:)``.
    public init(path: String, timeout: Duration? = nil, maxReplyBytes: Int = 64 << 20) throws(VarlinkClientError) {
        do {
            descriptor = try UnixSocket.connect(path: path)
        } catch {
            throw .connect(path: path, errno: error)
        }
        framer = VarlinkFramer(maxMessageBytes: maxReplyBytes)
        if let timeout {
            do {
                try UnixSocket.setReceiveTimeout(descriptor, timeout)
            } catch {
                close(descriptor)
                throw .io(errno: error)
            }
        }
    }

    deinit {
        close(descriptor)
    }

    /// Calls `method` (fully qualified) and returns the reply's parameters.
    ///
    /// Throws ``VarlinkError`` when the service replied with an error, ``VarlinkClientError`` otherwise.
    public func call(_ method: String, parameters: some Encodable = VarlinkEmptyReply()) throws -> [String: JSONValue] {
        try send(method: method, parameters: parameters, more: false, oneway: false)
        return try receiveReply().parameters
    }

    /// Calls `method` and decodes the reply's parameters as `R`.
    public func call<R: Decodable>(
        _ method: String,
        parameters: some Encodable = VarlinkEmptyReply(),
        returning: R.Type
    ) throws -> R {
        let reply = try call(method, parameters: parameters)
        do {
            return try JSONValue.object(reply).decode(R.self)
        } catch {
            throw VarlinkClientError.malformedReply("\(method) reply does not match \(R.self): \(error)")
        }
    }

    /// Calls `method` with `more` set and passes each reply to `onReply` until the final one.
    ///
    /// `onReply` may throw to stop early; the connection is then in the middle of a stream and should be
    /// discarded.
    public func callMore(
        _ method: String,
        parameters: some Encodable = VarlinkEmptyReply(),
        onReply: ([String: JSONValue]) throws -> Void
    ) throws {
        try send(method: method, parameters: parameters, more: true, oneway: false)
        while true {
            let reply = try receiveReply()
            try onReply(reply.parameters)
            if !reply.continues { return }
        }
    }

    /// Calls `method` with `oneway` set: no reply is read.
    public func callOneway(_ method: String, parameters: some Encodable = VarlinkEmptyReply()) throws {
        try send(method: method, parameters: parameters, more: false, oneway: true)
    }

    private func send(method: String, parameters: some Encodable, more: Bool, oneway: Bool) throws {
        let message: [UInt8]
        do {
            message = try VarlinkWire.call(method: method, parameters: parameters, more: more, oneway: oneway)
        } catch {
            throw VarlinkClientError.invalidParameters("\(error)")
        }
        do {
            try UnixSocket.sendAll(descriptor, message)
        } catch {
            guard error.code == EPIPE || error.code == ECONNRESET else { throw VarlinkClientError.io(errno: error) }
            // The service closed the connection; it may have said why first (a connection limit, say).
            if case .some(let explanation) = try? receiveMessage(), let reply = Self.errorReply(in: explanation) {
                throw reply
            }
            throw VarlinkClientError.io(errno: error)
        }
    }

    /// Reads one reply; throws the ``VarlinkError`` if it is an error reply.
    private func receiveReply() throws -> (parameters: [String: JSONValue], continues: Bool) {
        let message = try receiveMessage()
        guard case .object(let object) = try? JSONValue.parse(message.readableBytesView) else {
            throw VarlinkClientError.malformedReply("not a JSON object")
        }
        var parameters: [String: JSONValue] = [:]
        switch object["parameters"] {
        case nil, .null?: break
        case .object(let members)?: parameters = members
        default: throw VarlinkClientError.malformedReply("parameters is not an object")
        }
        if let error = object["error"] {
            guard case .string(let name) = error else {
                throw VarlinkClientError.malformedReply("error is not a string")
            }
            throw VarlinkError(name: name, parameters: parameters)
        }
        return (parameters, object["continues"] == .bool(true))
    }

    /// The Varlink error `message` carries, if it is an error reply.
    private static func errorReply(in message: ByteBuffer) -> VarlinkError? {
        guard case .object(let object) = try? JSONValue.parse(message.readableBytesView),
            case .string(let name) = object["error"]
        else { return nil }
        return VarlinkError(name: name, parameters: object["parameters"]?.objectValue ?? [:])
    }

    private func receiveMessage() throws(VarlinkClientError) -> ByteBuffer {
        while true {
            switch framer.next(from: &buffer) {
            case .message(let message)?: return message
            case .oversized?: throw .malformedReply("reply larger than \(framer.maxMessageBytes) bytes")
            case nil: break
            }
            let bytes: [UInt8]
            do {
                bytes = try UnixSocket.receive(descriptor)
            } catch {
                throw error.code == EAGAIN || error.code == EWOULDBLOCK ? .timedOut : .io(errno: error)
            }
            if bytes.isEmpty { throw .disconnected }
            buffer.discardReadBytes()
            buffer.writeBytes(bytes)
        }
    }
}
