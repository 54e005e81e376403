import Foundation

/// Decodes `Decodable` values straight from a ``JSONValue``, with the exact coding path in every error.
///
/// Foundation's `JSONDecoder` reports some wrong values (a fraction where an `Int` is expected, a number
/// too large) as corrupt data with no coding path, so it cannot name the offending parameter. This decoder
/// also skips the encode-then-parse round trip. Like `JSONDecoder`'s defaults: `Date` is seconds since
/// 2001, `Data` is Base64, `URL` is a string.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw mismatch([JSONValue].self) }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value)"))
    }
}

extension JSONValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let primitive = try decodePrimitive(type) { return primitive }
        return try T(from: self)
    }

    /// Decodes the types that `init(from:)` would otherwise decode by calling back into this container.
    private func decodePrimitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is JSONValue.Type:
            return value as? T
        case is Bool.Type:
            guard case .bool(let bool) = value else { throw mismatch(type) }
            return bool as? T
        case is String.Type:
            guard case .string(let string) = value else { throw mismatch(type) }
            return string as? T
        case is Double.Type:
            guard let double = value.doubleValue else { throw mismatch(type) }
            return double as? T
        case is Float.Type:
            guard let double = value.doubleValue, abs(double) <= Double(Float.greatestFiniteMagnitude) else {
                throw mismatch(type)
            }
            return Float(double) as? T
        case let integer as any FixedWidthInteger.Type:
            return try decodeInteger(integer) as? T
        case is URL.Type:
            guard case .string(let string) = value, let url = URL(string: string) else { throw mismatch(type) }
            return url as? T
        case is Data.Type:
            guard case .string(let string) = value, let data = Data(base64Encoded: string) else {
                throw mismatch(type)
            }
            return data as? T
        default:
            return nil
        }
    }

    private func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let integer: I? =
            switch value {
            case .int(let int): I(exactly: int)
            case .double(let double): I(exactly: double)
            default: nil
            }
        guard let integer else { throw mismatch(type) }
        return integer
    }
}

/// A key for an array element; rendered `[index]` in parameter names.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// A key for ``JSONValueDecoder``'s `superDecoder()`.
struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func decoder(for key: some CodingKey) throws -> JSONValueDecoder {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return JSONValueDecoder(value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).decodeNil() }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder(for: key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(object["super"] ?? .null, codingPath: codingPath + [SuperKey()])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private mutating func next(_ type: Any.Type) throws -> JSONValueDecoder {
        guard !isAtEnd else {
            let context = DecodingError.Context(
                codingPath: codingPath + [IndexKey(intValue: currentIndex)],
                debugDescription: "the array has only \(array.count) elements"
            )
            throw DecodingError.valueNotFound(type, context)
        }
        defer { currentIndex += 1 }
        return JSONValueDecoder(array[currentIndex], codingPath: codingPath + [IndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, array[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next([String: JSONValue].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([JSONValue].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next(JSONValue.self)
    }
}
