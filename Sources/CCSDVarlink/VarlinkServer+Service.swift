extension VarlinkServer {
    /// The interface description of `org.varlink.service`, as the Varlink specification gives it.
    public static let serviceDescription = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        # Client is denied access
        error PermissionDenied ()

        # Method is expected to be called with 'more' set to true, but wasn't
        error ExpectedMore ()

        """

    /// `GetInfo`'s reply.
    struct Info: Encodable {
        let vendor: String
        let product: String
        let version: String
        let url: String
        let interfaces: [String]
    }

    /// `GetInterfaceDescription`'s parameters.
    struct DescriptionRequest: Decodable {
        let interface: String
    }

    /// The names of all interfaces served, `org.varlink.service` first.
    var interfaceNames: [String] {
        [VarlinkError.serviceInterface] + interfaces.keys.sorted()
    }

    /// Answers `GetInfo` and `GetInterfaceDescription` at once, on the event loop; `nil` for anything else
    /// (a missing or mistyped parameter, an unknown method), which ``handleServiceCall(_:replier:)`` answers.
    func answerServiceCall(_ call: VarlinkCall) throws(VarlinkError) -> VarlinkImmediateReply? {
        switch call.methodName {
        case "GetInfo":
            return .parameters([
                "vendor": .string(info.vendor), "product": .string(info.product), "version": .string(info.version),
                "url": .string(info.url), "interfaces": .array(interfaceNames.map { .string($0) }),
            ])
        case "GetInterfaceDescription":
            guard case .string(let name)? = call.parameters["interface"] else { return nil }
            let description =
                name == VarlinkError.serviceInterface ? Self.serviceDescription : interfaces[name]?.description
            guard let description else { throw VarlinkError.interfaceNotFound(name) }
            return .parameters(["description": .string(description)])
        default:
            return nil
        }
    }

    /// Answers a call to the built-in `org.varlink.service` interface.
    func handleServiceCall(_ call: VarlinkCall, replier: some VarlinkReplier) async throws {
        switch call.methodName {
        case "GetInfo":
            try await replier.reply(
                Info(
                    vendor: info.vendor,
                    product: info.product,
                    version: info.version,
                    url: info.url,
                    interfaces: interfaceNames
                )
            )
        case "GetInterfaceDescription":
            let name = try call.decode(DescriptionRequest.self).interface
            let description =
                name == VarlinkError.serviceInterface ? Self.serviceDescription : interfaces[name]?.description
            guard let description else { throw VarlinkError.interfaceNotFound(name) }
            try await replier.reply(["description": JSONValue.string(description)])
        default:
            throw VarlinkError.methodNotFound(call.method)
        }
    }
}
