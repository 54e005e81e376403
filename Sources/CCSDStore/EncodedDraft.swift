import Crypto

/// An event draft encoded once, when its batch is submitted: the `data` column, the outbox values, and the
/// hashed text with two holes for `@recorded` and `@seq`, which only the writer knows.
///
/// The writer then only fills the holes and runs SHA-256 over bytes, so the one writer thread (and the
/// transaction it holds) spends no time on encoding. The bytes are exactly those of ``StoredEvent/canonicalJSON(_:)``
/// so chains written before and after this type existed verify alike.
struct EncodedDraft: Sendable {
    let draft: EventDraft
    /// The canonical JSON of the fields: the `data` column.
    let data: String
    /// The canonical JSON of each delivery's values, in `draft.deliveries` order.
    let deliveryValues: [String]
    /// Canonical JSON of the fields plus `@at`, `@type`, `@recorded` and `@seq`, without the last two's digits.
    let hashed: [UInt8]
    /// Where the digits of `@recorded` go in `hashed`.
    let recordedHole: Int
    /// Where the digits of `@seq` go in `hashed` (after `recordedHole`: `@recorded` sorts before `@seq`).
    let seqHole: Int

    init(_ draft: EventDraft) {
        self.draft = draft
        deliveryValues = draft.deliveries.map { CanonicalJSON.string($0.values) }
        let keys = CanonicalJSON.sortedKeys(draft.fields)
        // The four `@` keys sort before any key whose first byte is above `@` (every key ccsd writes), so the
        // hashed text is they followed by the data's members: one sort and one quoting serve both.
        guard keys.allSatisfy({ ($0.utf8.first ?? 0) > UInt8(ascii: "@") }) else {
            (data, hashed, recordedHole, seqHole) = Self.general(draft)
            return
        }
        var members: [UInt8] = []
        members.reserveCapacity(keys.count * 24)
        for (index, key) in keys.enumerated() {
            if index > 0 { members.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendQuoted(key, to: &members)
            members.append(UInt8(ascii: ":"))
            CanonicalJSON.appendQuoted(draft.fields[key]!, to: &members)
        }
        data = String(unsafeUninitializedCapacity: members.count + 2) { buffer in
            buffer[0] = UInt8(ascii: "{")
            _ = buffer.baseAddress!.advanced(by: 1).initialize(from: members, count: members.count)
            buffer[members.count + 1] = UInt8(ascii: "}")
            return members.count + 2
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(members.count + draft.type.utf8.count + 64)
        bytes.append(contentsOf: #"{"@at":""#.utf8)
        CanonicalJSON.appendDecimal(draft.at, to: &bytes)
        bytes.append(contentsOf: #"","@recorded":""#.utf8)
        recordedHole = bytes.count
        bytes.append(contentsOf: #"","@seq":""#.utf8)
        seqHole = bytes.count
        bytes.append(contentsOf: #"","@type":"#.utf8)
        CanonicalJSON.appendQuoted(draft.type, to: &bytes)
        if !members.isEmpty {
            bytes.append(UInt8(ascii: ","))
            bytes.append(contentsOf: members)
        }
        bytes.append(UInt8(ascii: "}"))
        hashed = bytes
    }

    /// The encoding of any fields, `@`-keys and keys that sort before them included.
    private static func general(_ draft: EventDraft) -> (String, [UInt8], Int, Int) {
        var all = draft.fields
        all["@at"] = String(draft.at)
        all["@type"] = draft.type
        all["@recorded"] = ""
        all["@seq"] = ""
        var bytes: [UInt8] = []
        var recordedHole = 0
        var seqHole = 0
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in CanonicalJSON.sortedKeys(all).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch key {
            case "@recorded":
                bytes.append(UInt8(ascii: "\""))
                recordedHole = bytes.count
                bytes.append(UInt8(ascii: "\""))
            case "@seq":
                bytes.append(UInt8(ascii: "\""))
                seqHole = bytes.count
                bytes.append(UInt8(ascii: "\""))
            default:
                CanonicalJSON.appendQuoted(all[key]!, to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return (CanonicalJSON.string(draft.fields), bytes, recordedHole, seqHole)
    }

    /// The event's link: SHA-256 of `prev`, a newline and the hashed text with the holes filled, lower-case hex.
    func hash(prev: String, seq: Int64, recorded: Int64) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(prev.utf8.count + hashed.count + 42)
        message.append(contentsOf: prev.utf8)
        message.append(UInt8(ascii: "\n"))
        message.append(contentsOf: hashed[..<recordedHole])
        CanonicalJSON.appendDecimal(recorded, to: &message)
        message.append(contentsOf: hashed[recordedHole..<seqHole])
        CanonicalJSON.appendDecimal(seq, to: &message)
        message.append(contentsOf: hashed[seqHole...])
        return SHA256.hash(data: message).withUnsafeBytes { CanonicalJSON.hex($0) }
    }
}

/// Canonical JSON and lower-case hex as bytes, without Foundation (`String(format:)` was 12 % of a busy daemon).
enum CanonicalJSON {
    /// Keys sorted by their UTF-8 bytes. For ASCII keys (all that ccsd writes) that is String's own order, whose
    /// comparison is a `memcmp`; comparing UTF-8 views byte by byte was a tenth of encoding an event.
    static func sortedKeys(_ object: [String: String]) -> [String] {
        if object.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) { return object.keys.sorted() }
        return object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `{"key":"value",…}` with keys sorted by their UTF-8 bytes, no spaces, minimal escapes.
    static func string(_ object: [String: String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(object.count * 24 + 2)
        for (index, key) in sortedKeys(object).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(object[key]!, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` in double quotes: `"`, `\`, newline, return and tab escaped by name, other controls as
    /// `\u00xx`, everything else (all of UTF-8's multi-byte sequences included) as it is.
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escape: copy them whole (per-byte appends were 8 % of a 100,000-window burst).
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hexDigit(byte >> 4), hexDigit(byte & 0xF),
                ])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value` (with a leading `-` when negative).
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    static let hexTable: [UInt8] = Array("0123456789abcdef".utf8)

    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        hexTable[Int(nibble)]
    }

    /// Lower-case hex of `bytes`, two digits per byte from a table.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        hexTable.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                var index = 0
                for byte in bytes {
                    out[index] = table[Int(byte >> 4)]
                    out[index + 1] = table[Int(byte & 0xF)]
                    index += 2
                }
                return index
            }
        }
    }
}
