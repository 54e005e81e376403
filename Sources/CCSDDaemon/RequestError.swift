/// Why a request failed, in words for the caller; the control server maps each case to a Varlink error.
public enum RequestError: Error, Sendable, Hashable, CustomStringConvertible {
    case personNotFound(String)
    case personExists(String)
    case policyNotFound(String, known: [String])
    case invalidValue(parameter: String, value: String, expected: String)
    case supervisionEnded(String)
    case permissionDenied(method: String, required: String)
    case unavailable(String)
    case incidentNotFound(String)
    case proposalNotFound(String)
    case leaveNotFound(String)

    public var description: String {
        switch self {
        case .personNotFound(let id): "no person with case id \(id)"
        case .personExists(let id): "a person with case id \(id) already exists"
        case .policyNotFound(let name, let known): "no policy \"\(name)\"; loaded: \(known.joined(separator: ", "))"
        case .invalidValue(let parameter, let value, let expected):
            "\(parameter) \"\(value)\" is invalid; expected \(expected)"
        case .supervisionEnded(let id): "supervision of \(id) has ended"
        case .permissionDenied(let method, let required): "\(method) needs the \(required) role"
        case .unavailable(let reason): "ccsd cannot serve this now: \(reason)"
        case .incidentNotFound(let id): "no open incident \(id)"
        case .proposalNotFound(let id): "no pending sanction proposal \(id)"
        case .leaveNotFound(let id): "no leave \(id)"
        }
    }
}

/// Who is calling, from the socket's peer credentials.
public struct Caller: Sendable, Hashable {
    public let uid: UInt32
    public let name: String
    public let role: Role

    public init(uid: UInt32, name: String, role: Role) {
        self.uid = uid
        self.name = name
        self.role = role
    }

    /// The daemon itself (scheduler, reload, start-up).
    public static let daemon = Caller(uid: 0, name: "ccsd", role: .admin)
}
