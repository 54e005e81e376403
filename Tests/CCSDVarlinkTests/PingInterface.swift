import CCSDVarlink
import Foundation

/// A small interface for the tests: an echo, a stream, a slow call, a failing call, the caller's identity, and
/// calls that overlap.
struct PingInterface: VarlinkInterface {
    let name = "org.example.ping"
    /// Opened by `Release`; `Hold` waits for it.
    let latch = Latch()

    let description = """
        # A test interface.
        interface org.example.ping

        # Returns the text it was given.
        method Ping(text: string) -> (pong: string)

        # Counts from 1 to n, one reply per number; call it with more.
        method Count(n: int) -> (i: int)

        # Waits ms milliseconds, then replies.
        method Sleep(ms: int) -> ()

        # Fails with an error that is not a Varlink error.
        method Fail() -> ()

        # Returns the text it was given, answered at once on the event loop.
        method Quick(text: string) -> (quick: string)

        # Fails at once with InvalidParameter(parameter: "text").
        method QuickFail() -> ()

        # Lets the next call start, waits until some call releases it, then returns the text it was given.
        method Hold(text: string) -> (held: string)

        # Releases every held call.
        method Release() -> ()

        # How many calls are held; never overlaps a held call of its own connection.
        method Peek() -> (held: int)

        # Returns the text it was given and how many calls were handled with it; "bad" fails.
        method Together(text: string) -> (together: string, calls: int)

        # The caller's credentials as the server saw them.
        method WhoAmI() -> (pid: int, uid: int, gid: int)

        # Something went wrong inside the service.
        error InternalError ()

        """

    struct PingParameters: Codable { var text: String }
    struct CountParameters: Codable { var n: Int }
    struct SleepParameters: Codable { var ms: Int }
    struct Unexpected: Error {}

    /// `Quick` and `QuickFail` at once; `Quick` without a string goes to `handle`, which refuses it.
    func answerImmediately(_ call: VarlinkCall, caller: PeerCredentials) throws(VarlinkError)
        -> VarlinkImmediateReply?
    {
        switch call.methodName {
        case "Quick":
            guard case .string(let text)? = call.parameters["text"] else { return nil }
            return .parameters(["quick": .string(text)])
        case "QuickFail":
            throw VarlinkError.invalidParameter("text")
        default:
            return nil
        }
    }

    func mayOverlap(_ call: VarlinkCall) -> Bool {
        ["Hold", "Release", "Ping", "Together"].contains(call.methodName)
    }

    func mayHandleTogether(_ call: VarlinkCall) -> Bool {
        call.methodName == "Together"
    }

    func handle(together calls: [VarlinkCall], caller: PeerCredentials, proceed: @Sendable () -> Void) async
        -> [Result<VarlinkImmediateReply, VarlinkError>]
    {
        proceed()
        return calls.map { call in Self.together(call, calls: calls.count) }
    }

    static func together(_ call: VarlinkCall, calls: Int) -> Result<VarlinkImmediateReply, VarlinkError> {
        guard case .string(let text)? = call.parameters["text"], text != "bad" else {
            return .failure(.invalidParameter("text"))
        }
        return .success(.parameters(["together": .string(text), "calls": .int(Int64(calls))]))
    }

    func handle(_ call: VarlinkCall, caller: PeerCredentials, replier: any VarlinkReplier) async throws {
        switch call.methodName {
        case "Ping":
            let parameters = try call.decode(PingParameters.self)
            try await replier.reply(["pong": JSONValue.string(parameters.text)])
        case "Count":
            let parameters = try call.decode(CountParameters.self)
            guard call.more else { throw VarlinkError.expectedMore }
            guard parameters.n > 0 else { throw VarlinkError.invalidParameter("n") }
            for i in 1...parameters.n {
                try await replier.reply(["i": JSONValue.int(Int64(i))], continues: i < parameters.n)
            }
        case "Sleep":
            let parameters = try call.decode(SleepParameters.self)
            try await Task.sleep(for: .milliseconds(parameters.ms))
        case "Fail":
            throw Unexpected()
        case "Hold":
            let parameters = try call.decode(PingParameters.self)
            replier.proceed()
            await latch.wait()
            try await replier.reply(["held": JSONValue.string(parameters.text)])
        case "Release":
            await latch.open()
        case "Peek":
            try await replier.reply(["held": JSONValue.int(Int64(await latch.waiting))])
        case "Quick":
            throw VarlinkError.invalidParameter("text")
        case "Together":
            guard case .parameters(let value) = try Self.together(call, calls: 1).get() else { return }
            try await replier.reply(value)
        case "WhoAmI":
            try await replier.reply([
                "pid": JSONValue.int(Int64(caller.pid)), "uid": .int(Int64(caller.uid)), "gid": .int(Int64(caller.gid)),
            ])
        default:
            throw VarlinkError.methodNotFound(call.method)
        }
    }
}

/// Opens once; waiting tasks resume then.
actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    var waiting: Int { waiters.count }

    func wait() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}
