import CCSDVarlink
import Foundation
import Testing

@Suite("Server over a real socket")
struct ServerTests {
    @Test func pingGetInfoAndDescription() async throws {
        try await withServer { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                let pong = try client.call("org.example.ping.Ping", parameters: ["text": "héllo"])
                #expect(pong == ["pong": "héllo"])
                let info = try client.call("org.varlink.service.GetInfo")
                #expect(info["vendor"] == "Example" && info["product"] == "ping")
                #expect(info["interfaces"] == ["org.varlink.service", "org.example.ping"])
                let description = try client.call(
                    "org.varlink.service.GetInterfaceDescription",
                    parameters: ["interface": "org.example.ping"]
                )
                #expect(description["description"]?.stringValue?.contains("interface org.example.ping") == true)
            }
        }
    }

    @Test func standardErrors() async throws {
        try await withServer { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                func expectError(_ expected: VarlinkError, _ method: String, _ parameters: [String: JSONValue] = [:]) {
                    #expect(throws: expected) { try client.call(method, parameters: parameters) }
                }
                expectError(.interfaceNotFound("org.example.nope"), "org.example.nope.Ping")
                expectError(.methodNotFound("org.example.ping.Pong"), "org.example.ping.Pong")
                expectError(.methodNotFound("org.varlink.service.Reboot"), "org.varlink.service.Reboot")
                expectError(.invalidParameter("text"), "org.example.ping.Ping", ["text": 42])
                expectError(.invalidParameter("text"), "org.example.ping.Ping")
                expectError(.expectedMore, "org.example.ping.Count", ["n": 3])
                expectError(.internalError(interface: "org.example.ping"), "org.example.ping.Fail")
                expectError(
                    .interfaceNotFound("org.example.nope"),
                    "org.varlink.service.GetInterfaceDescription",
                    ["interface": "org.example.nope"]
                )
                // The connection survived every error.
                #expect(
                    try client.call("org.example.ping.Ping", parameters: ["text": "still here"]) == [
                        "pong": "still here"
                    ])
            }
        }
    }

    @Test func streamingWithMore() async throws {
        try await withServer { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                var seen: [Int64] = []
                try client.callMore("org.example.ping.Count", parameters: ["n": 5]) { reply in
                    seen.append(reply["i"]?.intValue ?? -1)
                }
                #expect(seen == [1, 2, 3, 4, 5])
                #expect(try client.call("org.example.ping.Ping", parameters: ["text": "after"]) == ["pong": "after"])
            }
        }
    }

    @Test func peerCredentialsAreTheCallers() async throws {
        try await withServer { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                let me = try client.call("org.example.ping.WhoAmI")
                #expect(me["uid"] == .int(Int64(getuid())))
                #expect(me["gid"] == .int(Int64(getgid())))
                #expect(me["pid"] == .int(Int64(getpid())))
            }
        }
    }

    @Test func pipelinedCallsAreAnsweredInOrder() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                let calls = (0..<200).map {
                    #"{"method":"org.example.ping.Ping","parameters":{"text":"\#($0)"}}"# + "\0"
                }
                connection.send(calls.joined())
                let replies = connection.receive(messages: 200)
                #expect(replies.map { $0["parameters"]?["pong"]?.stringValue } == (0..<200).map { "\($0)" })
            }
        }
    }

    /// A call to the test interface, NUL-terminated, with `text` as its one parameter if given.
    static func ping(_ method: String, text: String? = nil) -> String {
        let parameters = text.map { #","parameters":{"text":"\#($0)"}"# } ?? ""
        return #"{"method":"org.example.ping.\#(method)"\#(parameters)}"# + "\0"
    }

    @Test func callsThatProceedOverlapAndAreStillAnsweredInOrder() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                // Release can only run while both Holds wait, yet its reply leaves after theirs.
                connection.send(
                    Self.ping("Hold", text: "a") + Self.ping("Hold", text: "b") + Self.ping("Release")
                        + Self.ping("Ping", text: "c"))
                let replies = connection.receive(messages: 4)
                #expect(
                    replies == [
                        ["parameters": ["held": "a"]], ["parameters": ["held": "b"]], ["parameters": [:]],
                        ["parameters": ["pong": "c"]],
                    ])
            }
        }
    }

    @Test func callsHandledTogetherAreAnsweredInOrderAmongOthers() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                let calls =
                    (0..<50).map { Self.ping("Together", text: "\($0)") }
                    + [
                        Self.ping("Quick", text: "q"), Self.ping("Together", text: "bad"),
                        #"{"method":"org.example.ping.Together","parameters":{"text":"quiet"},"oneway":true}"# + "\0",
                        Self.ping("Together", text: "last"), Self.ping("Ping", text: "p"),
                    ]
                connection.send(calls.joined())
                let replies = connection.receive(messages: 54)
                #expect(
                    replies.prefix(50).map { $0["parameters"]?["together"]?.stringValue } == (0..<50).map { "\($0)" })
                // One send: the server reads several calls at a time and hands them to the interface together.
                #expect(replies.prefix(50).compactMap { $0["parameters"]?["calls"]?.intValue }.max() ?? 0 > 1)
                #expect(replies[50] == ["parameters": ["quick": "q"]])
                #expect(
                    replies[51] == [
                        "error": "org.varlink.service.InvalidParameter", "parameters": ["parameter": "text"],
                    ])
                #expect(replies[52]["parameters"]?["together"] == "last")
                #expect(replies[53] == ["parameters": ["pong": "p"]])
            }
        }
    }

    @Test func aCallThatMayNotOverlapWaitsForTheCallsBeforeIt() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                connection.send(Self.ping("Hold", text: "a") + Self.ping("Peek"))
                // Had Peek started early, it would have seen the held call by now.
                Thread.sleep(forTimeInterval: 0.2)
                let other = try RawConnection(path: path)
                other.send(Self.ping("Release"))
                #expect(other.receive(messages: 1) == [["parameters": [:]]])
                #expect(
                    connection.receive(messages: 2) == [["parameters": ["held": "a"]], ["parameters": ["held": 0]]])
            }
        }
    }

    @Test func aClientLeavingWhileCallsOverlapLeavesTheServerServing() async throws {
        try await withServer { path in
            try await offPool {
                do {
                    let leaving = try RawConnection(path: path)
                    leaving.send(Self.ping("Hold", text: "a") + Self.ping("Hold", text: "b"))
                }
                let connection = try RawConnection(path: path)
                connection.send(Self.ping("Release") + Self.ping("Ping", text: "c"))
                #expect(connection.receive(messages: 2) == [["parameters": [:]], ["parameters": ["pong": "c"]]])
            }
        }
    }

    @Test func onewayCallsGetNoReply() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                connection.send(#"{"method":"org.example.ping.Ping","parameters":{"text":"a"},"oneway":true}"# + "\0")
                connection.send(#"{"method":"org.example.ping.Fail","oneway":true}"# + "\0")
                connection.send(#"{"method":"org.example.ping.Ping","parameters":{"text":"b"}}"# + "\0")
                #expect(connection.receive(messages: 1) == [["parameters": ["pong": "b"]]])
            }
        }
    }

    @Test func invalidCallIsAnsweredAndTheConnectionSurvives() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                connection.send(
                    #"{"parameters":{}}"# + "\0" + #"{"method":"org.example.ping.Ping","parameters":{"text":"ok"}}"#
                        + "\0")
                let replies = connection.receive(messages: 2)
                #expect(replies.first?["error"] == "org.varlink.service.InvalidParameter")
                #expect(replies.first?["parameters"] == ["parameter": "method"])
                #expect(replies.last == ["parameters": ["pong": "ok"]])
            }
        }
    }

    @Test func malformedJSONIsAnsweredThenClosed() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                connection.send("{\"method\": \"org.example\0")
                #expect(
                    connection.receive(messages: 1)
                        == [["error": "org.varlink.service.InvalidParameter", "parameters": ["parameter": "message"]]]
                )
                #expect(connection.isClosedByServer())
            }
        }
    }

    @Test func oversizedMessageIsAnsweredThenClosed() async throws {
        try await withServer(limits: .init(maxMessageBytes: 1024)) { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                connection.send(
                    #"{"method":"org.example.ping.Ping","parameters":{"text":""# + String(repeating: "x", count: 4096))
                #expect(
                    connection.receive(messages: 1)
                        == [["error": "org.varlink.server.MessageTooLarge", "parameters": ["limit": 1024]]]
                )
                #expect(connection.isClosedByServer())
                // The server itself is fine.
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                #expect(try client.call("org.example.ping.Ping", parameters: ["text": "ok"]) == ["pong": "ok"])
            }
        }
    }
}
