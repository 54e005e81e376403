/// A number JSON cannot carry (NaN or an infinity).
public struct JSONNonFiniteNumber: Error, Sendable, Hashable {
    public let value: Double
}

extension JSONValue {
    /// The JSON text of this value, as ``makeEncoder()`` writes it: compact, keys sorted, `/` unescaped.
    ///
    /// Straight from the enum into bytes, without Foundation's `JSONEncoder` and its boxing: the writer
    /// for replies on the hot path. Throws only for a non-finite ``double(_:)``.
    public func jsonBytes() throws(JSONNonFiniteNumber) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        try write(into: &bytes)
        return bytes
    }

    /// Appends the JSON text of this value to `bytes`.
    public func write(into bytes: inout [UInt8]) throws(JSONNonFiniteNumber) {
        switch self {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): bytes.append(contentsOf: String(value).utf8)
        case .double(let value): try Self.write(value, into: &bytes)
        case .string(let value): Self.write(value, into: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try element.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for key in members.keys.sorted() {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                Self.write(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                try members[key]!.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes.
    public static func write(_ string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
            case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number: integral values without a fraction (`2`, like `JSONEncoder`), others as Swift prints them.
    static func write(_ value: Double, into bytes: inout [UInt8]) throws(JSONNonFiniteNumber) {
        guard value.isFinite else { throw JSONNonFiniteNumber(value: value) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }
}
