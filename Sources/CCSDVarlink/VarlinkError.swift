/// A Varlink error reply: a qualified error name and its parameters.
///
/// Handlers throw it to answer a call with an error; ``VarlinkClient`` throws it when the service
/// replied with one.
public struct VarlinkError: Error, Sendable, Hashable {
    /// The qualified error name, for example `org.varlink.service.InvalidParameter`.
    public let name: String
    /// The error's parameters, as declared for it in the interface description.
    public let parameters: [String: JSONValue]

    public init(name: String, parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// An error with parameters taken from an `Encodable` value (a struct matching the declared error).
    public init(name: String, encoding parameters: some Encodable) throws {
        guard case .object(let object) = try JSONValue(encoding: parameters) else {
            throw JSONWireError.notAnObject
        }
        self.init(name: name, parameters: object)
    }
}

extension VarlinkError {
    /// The interface of the standard errors.
    public static let serviceInterface = "org.varlink.service"

    /// `org.varlink.service.InterfaceNotFound`: the service does not implement `interface`.
    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InterfaceNotFound", parameters: ["interface": .string(interface)])
    }

    /// `org.varlink.service.MethodNotFound`: `method` (fully qualified) does not exist.
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotFound", parameters: ["method": .string(method)])
    }

    /// `org.varlink.service.MethodNotImplemented`: the interface declares `method` but this service lacks it.
    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotImplemented", parameters: ["method": .string(method)])
    }

    /// `org.varlink.service.InvalidParameter`: `parameter` is missing, of the wrong type or has a bad value.
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InvalidParameter", parameters: ["parameter": .string(parameter)])
    }

    /// `org.varlink.service.PermissionDenied`: the caller may not call this method.
    public static let permissionDenied = VarlinkError(name: "org.varlink.service.PermissionDenied")

    /// `org.varlink.service.ExpectedMore`: the method streams and must be called with `more`.
    public static let expectedMore = VarlinkError(name: "org.varlink.service.ExpectedMore")

    /// `<interface>.InternalError`: a handler failed with an error that is not a ``VarlinkError``.
    ///
    /// The server sends it without details (they are logged); declare `error InternalError ()` in
    /// the interface description so clients know it.
    public static func internalError(interface: String) -> VarlinkError {
        VarlinkError(name: "\(interface).InternalError")
    }

    /// `org.varlink.server.MessageTooLarge(limit)`: a request exceeded the server's message size limit
    /// of `limit` bytes; the server closes the connection after this reply.
    ///
    /// Not part of the Varlink standard (the standard has no such error); generic clients show the name.
    public static func messageTooLarge(limit: Int) -> VarlinkError {
        VarlinkError(name: "org.varlink.server.MessageTooLarge", parameters: ["limit": .int(Int64(limit))])
    }

    /// `org.varlink.server.TooManyConnections(limit)`: the server already serves `limit` connections;
    /// it sends this unsolicited as the first message and closes the connection.
    public static func tooManyConnections(limit: Int) -> VarlinkError {
        VarlinkError(name: "org.varlink.server.TooManyConnections", parameters: ["limit": .int(Int64(limit))])
    }

    /// The value of the `parameter` field of an `InvalidParameter` error, if this is one.
    public var invalidParameterName: String? {
        name == "org.varlink.service.InvalidParameter" ? parameters["parameter"]?.stringValue : nil
    }
}

extension VarlinkError: CustomStringConvertible {
    public var description: String {
        guard !parameters.isEmpty else { return name }
        let fields = parameters.keys.sorted().map { key in "\(key): \(Self.render(parameters[key]!))" }
        return "\(name)(\(fields.joined(separator: ", ")))"
    }

    private static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .int(let int): String(int)
        case .double(let double): String(double)
        case .bool(let bool): String(bool)
        case .null: "null"
        case .array, .object:
            (try? String(decoding: JSONValue.makeEncoder().encode(value), as: UTF8.self)) ?? "…"
        }
    }
}
