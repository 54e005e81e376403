import NIOCore

/// One unit read off a Varlink stream.
enum VarlinkFrame: Sendable, Equatable {
    /// A complete message, without its terminating NUL.
    case message(ByteBuffer)
    /// A message grew past the size limit before its NUL arrived; nothing more is read from the stream.
    case oversized
}

/// Splits a byte stream into NUL-terminated messages of at most `maxMessageBytes` bytes (NUL excluded).
///
/// Pure and shared by the server's channel handler and the blocking client. It remembers how far it has
/// searched, so a large message arriving in many reads is scanned once.
struct VarlinkFramer: Sendable {
    let maxMessageBytes: Int
    /// Bytes from the reader index already known to contain no NUL.
    private var scanned = 0
    /// Set after ``VarlinkFrame/oversized``: all further input is discarded.
    private(set) var overflowed = false

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Takes the next frame out of `buffer`, or returns `nil` when more bytes are needed.
    mutating func next(from buffer: inout ByteBuffer) -> VarlinkFrame? {
        if overflowed {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
        let view = buffer.readableBytesView
        let searchLimit = min(view.count, maxMessageBytes + 1)
        let start = view.startIndex + scanned
        let end = view.startIndex + searchLimit
        if start < end, let nul = view[start..<end].firstIndex(of: 0) {
            let message = buffer.readSlice(length: nul - view.startIndex)!
            buffer.moveReaderIndex(forwardBy: 1)
            scanned = 0
            return .message(message)
        }
        if view.count > maxMessageBytes {
            overflowed = true
            scanned = 0
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .oversized
        }
        scanned = searchLimit
        return nil
    }
}

/// The server's inbound framing: bytes in, ``VarlinkFrame``s out.
struct VarlinkFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = VarlinkFrame

    private var framer: VarlinkFramer

    init(maxMessageBytes: Int) {
        framer = VarlinkFramer(maxMessageBytes: maxMessageBytes)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = framer.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return framer.overflowed ? .needMoreData : .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while case .continue = try decode(context: context, buffer: &buffer) {}
        // An unterminated message at end of stream is not a message: drop it.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
