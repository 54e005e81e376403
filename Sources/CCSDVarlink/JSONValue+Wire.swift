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
    /// How deeply arrays and objects may nest in a message; deeper input is refused, so that no recursive
    /// parser, decoder or encoder can run out of stack on hostile input.
    static let maximumDepth = 64

    /// Parses one JSON text.
    static func parse(_ bytes: some Collection<UInt8>) throws(JSONWireError) -> JSONValue {
        try JSONParser.parse(Array(bytes), maximumDepth: maximumDepth)
    }

    /// Parses one JSON text (nesting at most ``maximumDepth`` deep); nil if it is not valid JSON.
    public init?(parsing text: String) {
        guard let value = try? Self.parse(text.utf8) else { return nil }
        self = value
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
