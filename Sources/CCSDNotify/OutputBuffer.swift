/// A program's output, kept up to a limit; the rest is read and dropped so the program never blocks on a full pipe.
struct OutputBuffer {
    /// At most this many bytes reach the delivery record.
    static let limit = 4096
    static let marker = Array(" […output truncated]".utf8)

    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false

    mutating func append(_ chunk: ArraySlice<UInt8>) {
        let room = Self.limit - bytes.count
        if chunk.count <= room {
            bytes += chunk
        } else {
            bytes += chunk.prefix(max(0, room))
            truncated = true
        }
    }

    /// The output as text (invalid UTF-8 replaced), never more than `limit` bytes, marked when cut.
    var text: String {
        guard truncated else { return String(decoding: bytes, as: UTF8.self) }
        var kept = Array(bytes.prefix(Self.limit - Self.marker.count - 3))
        // Do not cut a multi-byte character in half: drop trailing continuation bytes and their lead byte.
        while let last = kept.last, last & 0xC0 == 0x80 { kept.removeLast() }
        if let last = kept.last, last >= 0xC0 { kept.removeLast() }
        return String(decoding: kept + Self.marker, as: UTF8.self)
    }
}
