/// One Varlink interface a ``VarlinkServer`` serves.
public protocol VarlinkInterface: Sendable {
    /// The interface name, for example `org.example.ping`; calls to `<name>.<Method>` are routed here.
    var name: String { get }

    /// The interface description (the `.varlink` IDL text) returned by
    /// `org.varlink.service.GetInterfaceDescription`; clients such as the Python `varlink` package parse it.
    var description: String { get }

    /// Handles one call whose method belongs to this interface.
    ///
    /// Reply through `replier`: once for an ordinary call; for a call with ``VarlinkCall/more`` any number
    /// of times with `continues: true`, then once with `continues: false`. Throw a ``VarlinkError`` to
    /// reply with that error instead (unknown methods: ``VarlinkError/methodNotFound(_:)``). Any other
    /// thrown error is logged and answered with ``VarlinkError/internalError(interface:)``. Returning
    /// without a final reply sends an empty reply (`{}`) if nothing was sent yet, and `InternalError`
    /// if the handler left a stream unfinished. Calls on one connection are handled one at a time, in
    /// order, except that a call ``mayOverlap(_:)`` allows starts once the calls before it have called
    /// ``VarlinkReplier/proceed()``; replies always leave in the order the calls came. The handler's task is
    /// cancelled when the client disconnects or the server shuts down.
    func handle(_ call: VarlinkCall, caller: PeerCredentials, replier: any VarlinkReplier) async throws

    /// Answers `call` at once if it can, without suspending; `nil` sends the call to
    /// ``handle(_:caller:replier:)``.
    ///
    /// Runs on the connection's event loop, before the call reaches a task: it must not block, wait or have
    /// effects a reply would have to wait for (a read from a published snapshot is the use). The answer is
    /// the call's final reply (dropped for a `oneway` call); a thrown ``VarlinkError`` is the error reply.
    /// The default answers nothing at once.
    func answerImmediately(_ call: VarlinkCall, caller: PeerCredentials) throws(VarlinkError)
        -> VarlinkImmediateReply?

    /// Whether `call` may start while earlier calls on its connection have proceeded
    /// (``VarlinkReplier/proceed()``) but not replied. Allow it only for calls that see every effect of the
    /// calls before them at once: ones that read nothing an earlier call has yet to finish (a read from the disk
    /// would miss a write still being made). Any other call starts after every earlier call has replied. The
    /// default allows none.
    func mayOverlap(_ call: VarlinkCall) -> Bool

    /// Whether `call` may be handled together with the calls of its kind that arrived with it
    /// (``handle(together:caller:proceed:)``). Allow it only for calls ``mayOverlap(_:)`` allows. The default
    /// allows none.
    func mayHandleTogether(_ call: VarlinkCall) -> Bool

    /// Handles calls a client pipelined, which arrived together and which ``mayHandleTogether(_:)`` allows, in
    /// one go, and returns each call's final reply (or error) in the order of the calls.
    ///
    /// One task, one pass through the service, one write of all the replies, where one at a time would cost each
    /// call a task, a hand-over to the service and back, and a write. Call `proceed` as a call would
    /// ``VarlinkReplier/proceed()``: once all the calls' effects are in place for the connection's next call to
    /// see. Replies to `oneway` calls are dropped. Only called for calls ``mayHandleTogether(_:)`` allows: the
    /// default refuses each with ``VarlinkError/methodNotFound(_:)``.
    func handle(together calls: [VarlinkCall], caller: PeerCredentials, proceed: @Sendable () -> Void) async
        -> [Result<VarlinkImmediateReply, VarlinkError>]
}

extension VarlinkInterface {
    public func answerImmediately(_ call: VarlinkCall, caller: PeerCredentials) throws(VarlinkError)
        -> VarlinkImmediateReply?
    {
        nil
    }

    public func mayOverlap(_ call: VarlinkCall) -> Bool { false }

    public func mayHandleTogether(_ call: VarlinkCall) -> Bool { false }

    public func handle(together calls: [VarlinkCall], caller: PeerCredentials, proceed: @Sendable () -> Void) async
        -> [Result<VarlinkImmediateReply, VarlinkError>]
    {
        calls.map { .failure(.methodNotFound($0.method)) }
    }
}

/// A final reply given at once by ``VarlinkInterface/answerImmediately(_:caller:)``.
public enum VarlinkImmediateReply: Sendable, Hashable {
    /// The reply's parameters, an ``JSONValue/object(_:)``.
    case parameters(JSONValue)
    /// The reply's parameters already encoded: the JSON text of an object, as ``JSONValue/jsonBytes()`` writes.
    case encoded([UInt8])
}

/// Sends the replies to one call.
public protocol VarlinkReplier: Sendable {
    /// Sends `parameters` (which must encode as a JSON object) as a reply.
    ///
    /// `continues: true` announces more replies; it is honoured only when the call set `more`, otherwise
    /// the reply is final. Replies after the final one, and all replies to `oneway` calls, are dropped.
    /// Throws when the connection is gone (the client disconnected) or `parameters` cannot be encoded.
    func reply(_ parameters: some Encodable, continues: Bool) async throws

    /// Sends `error` as the final reply.
    func error(_ error: VarlinkError) async throws

    /// Lets the connection's next call start before this one has replied, if its interface allows that call to
    /// overlap (``VarlinkInterface/mayOverlap(_:)``): call it once this call's effects are in place for such a
    /// call to see (for a write, once it is applied in memory and queued for the disk), so calls pipelined on one
    /// connection can overlap their waits. Replies still leave in the order the calls came. Only for calls with
    /// one final reply.
    func proceed()
}

extension VarlinkReplier {
    /// Sends `parameters` as the final reply.
    public func reply(_ parameters: some Encodable) async throws {
        try await reply(parameters, continues: false)
    }
}

/// The empty reply `{}`, for methods that return nothing.
public struct VarlinkEmptyReply: Codable, Sendable, Hashable {
    public init() {}
}
