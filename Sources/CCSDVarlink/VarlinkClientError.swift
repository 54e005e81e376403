/// Why a ``VarlinkClient`` call got no reply. (A reply that is a Varlink error is thrown as ``VarlinkError``.)
public enum VarlinkClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Connecting to the socket failed. `errno` tells why: `ENOENT` (no socket: the service is not
    /// installed or its socket unit is not started), `ECONNREFUSED` (a stale socket: nothing serves it),
    /// `EACCES` (the caller lacks permission on the socket).
    case connect(path: String, errno: SystemErrno)
    /// Sending the call or receiving the reply failed.
    case io(errno: SystemErrno)
    /// No reply within the client's timeout.
    case timedOut
    /// The service closed the connection before the reply was complete.
    case disconnected
    /// The reply was not a valid Varlink message.
    case malformedReply(String)
    /// The call's parameters could not be encoded as a JSON object.
    case invalidParameters(String)

    /// `true` when no service answers at the socket (missing socket, or nothing listening on it).
    public var isServiceUnavailable: Bool {
        guard case .connect(_, let error) = self else { return false }
        return error.code == ENOENT || error.code == ECONNREFUSED
    }

    /// `true` when the socket exists but the caller may not connect to it.
    public var isPermissionDenied: Bool {
        guard case .connect(_, let error) = self else { return false }
        return error.code == EACCES || error.code == EPERM
    }

    public var description: String {
        switch self {
        case .connect(let path, let error): "cannot connect to \(path): \(error)"
        case .io(let error): "varlink connection failed: \(error)"
        case .timedOut: "no reply from the service in time"
        case .disconnected: "the service closed the connection before replying"
        case .malformedReply(let detail): "malformed reply from the service: \(detail)"
        case .invalidParameters(let detail): "cannot encode the call's parameters: \(detail)"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
