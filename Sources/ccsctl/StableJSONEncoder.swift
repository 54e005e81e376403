import CCSDVarlink

/// Encodes a value into a `JSONValue` tree, writing absent optionals as `null`.
///
/// Synthesized `Codable` skips nil optionals (`encodeIfPresent`), so a field would come and go with its value;
/// `--json` output keeps every field of a reply present, which is what scripts (`jq`, Python) rely on.
enum StableJSONEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, codingPath: []))
        return node.value
    }

    /// One value under construction.
    final class Node {
        enum Content {
            case value(JSONValue)
            case object([String: Node])
            case array([Node])
        }

        var content = Content.value(.null)

        var value: JSONValue {
            switch content {
            case .value(let value): value
            case .object(let members): .object(members.mapValues(\.value))
            case .array(let elements): .array(elements.map(\.value))
            }
        }

        /// The member `key`, created (as null) when absent; turns this node into an object if it is not one.
        func member(_ key: String) -> Node {
            var members: [String: Node] = [:]
            if case .object(let existing) = content { members = existing }
            if let node = members[key] { return node }
            let node = Node()
            members[key] = node
            content = .object(members)
            return node
        }

        func appendElement() -> Node {
            var elements: [Node] = []
            if case .array(let existing) = content { elements = existing }
            let node = Node()
            elements.append(node)
            content = .array(elements)
            return node
        }

        /// Stores a value: primitives directly, anything else through its own `encode(to:)`.
        func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
            switch value {
            case let text as String: content = .value(.string(text))
            case let flag as Bool: content = .value(.bool(flag))
            case let number as Int: content = .value(.int(Int64(number)))
            case let number as Int64: content = .value(.int(number))
            case let number as Int32: content = .value(.int(Int64(number)))
            case let number as UInt32: content = .value(.int(Int64(number)))
            case let number as Double: content = .value(.double(number))
            case let json as JSONValue: content = .value(json)
            default: try value.encode(to: TreeEncoder(node: self, codingPath: codingPath))
            }
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .value = node.content { node.content = .object([:]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .value = node.content { node.content = .array([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(node: node, codingPath: codingPath)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .value(.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try node.member(key.stringValue).store(value, codingPath: codingPath + [key])
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return try encodeNil(forKey: key) }
            try encode(value, forKey: key)
        }
        // The concrete overloads synthesized code calls; their default implementations would skip nil.
        mutating func encodeIfPresent(_ v: String?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }
        mutating func encodeIfPresent(_ v: Bool?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }
        mutating func encodeIfPresent(_ v: Int?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }
        mutating func encodeIfPresent(_ v: Int64?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }
        mutating func encodeIfPresent(_ v: Int32?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }
        mutating func encodeIfPresent(_ v: UInt32?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }
        mutating func encodeIfPresent(_ v: Double?, forKey k: Key) throws { try encodeIfPresent(Box(v), k) }

        private mutating func encodeIfPresent<T: Encodable>(_ box: Box<T>, _ key: Key) throws {
            guard let value = box.value else { return try encodeNil(forKey: key) }
            try encode(value, forKey: key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
                .container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder {
            TreeEncoder(node: node.member("super"), codingPath: codingPath)
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
        }
    }

    /// Wraps an optional so the private generic overload is chosen over the public concrete ones.
    struct Box<T: Encodable> {
        let value: T?
        init(_ value: T?) { self.value = value }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int {
            if case .array(let elements) = node.content { return elements.count }
            return 0
        }

        mutating func encodeNil() throws { _ = node.appendElement() }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try node.appendElement().store(value, codingPath: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            TreeEncoder(node: node.appendElement(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.appendElement(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.appendElement(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = .value(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value, codingPath: codingPath) }
    }
}
