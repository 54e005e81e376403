import Foundation

/// Why bytes on the wire are not a usable JSON value.
enum JSONWireError: Error, Equatable {
    /// Not valid UTF-8 or not valid JSON.
    case malformed
    /// Arrays or objects nested deeper than ``JSONValue/maximumDepth``.
    case tooDeep
    /// Valid JSON, but the value is not an object where one is required.
    case notAnObject
}

extension JSONValue {
    /// How deeply arrays and objects may nest in a message; deeper input is refused before it is parsed,
    /// so that no recursive decoder can run out of stack on hostile input.
    static let maximumDepth = 64

    /// Parses one JSON text.
    static func parse(_ bytes: some Collection<UInt8>) throws(JSONWireError) -> JSONValue {
        guard Self.nestingDepth(of: bytes) <= Self.maximumDepth else { throw .tooDeep }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .malformed
        }
    }

    /// The deepest nesting of `[` and `{` outside strings; stops counting past the limit.
    static func nestingDepth(of bytes: some Collection<UInt8>) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > Self.maximumDepth { return deepest }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// The JSON encoder used for everything this module writes: sorted keys, so output is stable.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes `value`, which must encode as a JSON object (a struct, a dictionary, or ``object(_:)``).
    static func encodeObject(_ value: some Encodable) throws -> Data {
        let data = try Self.makeEncoder().encode(value)
        guard data.first(where: { !Self.isWhitespace($0) }) == UInt8(ascii: "{") else {
            throw JSONWireError.notAnObject
        }
        return data
    }

    /// Converts any `Encodable` value into a ``JSONValue`` by encoding it.
    public init(encoding value: some Encodable) throws {
        let data = try Self.makeEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes a `Decodable` value from this JSON value.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONValueDecoder(self).decode(T.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
