/// One method call received from a client.
public struct VarlinkCall: Sendable, Hashable {
    /// The fully qualified method name, for example `org.example.ping.Ping`.
    public let method: String
    /// The call's parameters (an empty object when the request had none).
    public let parameters: [String: JSONValue]
    /// The client accepts several replies (`continues: true` on all but the last).
    public let more: Bool
    /// The client wants no reply at all; whatever the handler replies is discarded.
    public let oneway: Bool

    /// The interface part of ``method`` (everything before the last dot).
    public let interface: String
    /// The unqualified method name (everything after the last dot), for example `Ping`.
    public let methodName: String

    public init(method: String, parameters: [String: JSONValue] = [:], more: Bool = false, oneway: Bool = false) {
        self.method = method
        self.parameters = parameters
        self.more = more
        self.oneway = oneway
        // Worked out once: the server routes on both, and every lookup would otherwise search the name again.
        if let dot = method.lastIndex(of: ".") {
            interface = String(method[..<dot])
            methodName = String(method[method.index(after: dot)...])
        } else {
            interface = ""
            methodName = method
        }
    }

    /// Decodes the parameters into `T`.
    ///
    /// A missing field, a field of the wrong type, or a value `T.init(from:)` rejects with a `DecodingError`
    /// becomes `org.varlink.service.InvalidParameter` naming the field (`name`, or `outer.inner` / `list[2]`
    /// for nested ones). A ``VarlinkError`` thrown by `T.init(from:)` passes through unchanged.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(VarlinkError) -> T {
        do {
            return try JSONValueDecoder(.object(parameters)).decode(T.self)
        } catch let error as VarlinkError {
            throw error
        } catch let error as DecodingError {
            throw .invalidParameter(Self.parameterName(for: error))
        } catch {
            throw .invalidParameter("parameters")
        }
    }

    /// The dotted path of the field a decoding error is about; `parameters` when it is about the whole object.
    static func parameterName(for error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        return Self.render(path) ?? "parameters"
    }

    private static func render(_ path: [any CodingKey]) -> String? {
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += name.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return name.isEmpty ? nil : name
    }
}
