import Foundation
import Testing

@testable import CCSDVarlink

@Suite("Calls answered at once on the event loop")
struct FastPathTests {
    @Test func answersKeepTheOrderOfCallsBehindASlowOne() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                let calls = [
                    #"{"method":"org.example.ping.Quick","parameters":{"text":"first"}}"#,
                    #"{"method":"org.example.ping.Sleep","parameters":{"ms":50}}"#,
                    #"{"method":"org.example.ping.Quick","parameters":{"text":"a"}}"#,
                    #"{"method":"org.example.ping.Ping","parameters":{"text":"b"}}"#,
                    #"{"method":"org.example.ping.Quick","parameters":{"text":"c"}}"#,
                ]
                connection.send(calls.map { $0 + "\0" }.joined())
                #expect(
                    connection.receive(messages: 5) == [
                        ["parameters": ["quick": "first"]], ["parameters": [:]], ["parameters": ["quick": "a"]],
                        ["parameters": ["pong": "b"]], ["parameters": ["quick": "c"]],
                    ])
                // And again once the slow call is long done.
                connection.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"d"}}"# + "\0")
                #expect(connection.receive(messages: 1) == [["parameters": ["quick": "d"]]])
            }
        }
    }

    @Test func manyPipelinedAnswersArriveInOrder() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                let calls = (0..<500).map { index in
                    index % 7 == 3
                        ? #"{"method":"org.example.ping.Ping","parameters":{"text":"\#(index)"}}"# + "\0"
                        : #"{"method":"org.example.ping.Quick","parameters":{"text":"\#(index)"}}"# + "\0"
                }
                connection.send(calls.joined())
                let replies = connection.receive(messages: 500)
                let texts = replies.map {
                    $0["parameters"]?["quick"]?.stringValue ?? $0["parameters"]?["pong"]?.stringValue
                }
                #expect(texts == (0..<500).map { "\($0)" })
            }
        }
    }

    @Test func onewayMoreAndErrorsKeepTheirMeaning() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                connection.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"x"},"oneway":true}"# + "\0")
                connection.send(#"{"method":"org.example.ping.QuickFail","oneway":true}"# + "\0")
                connection.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"y"},"more":true}"# + "\0")
                connection.send(#"{"method":"org.example.ping.QuickFail"}"# + "\0")
                connection.send(#"{"method":"org.example.ping.Quick","parameters":{"text":7}}"# + "\0")
                connection.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"z"},"upgrade":true}"# + "\0")
                connection.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"still here"}}"# + "\0")
                #expect(
                    connection.receive(messages: 5) == [
                        ["parameters": ["quick": "y"]],
                        ["error": "org.varlink.service.InvalidParameter", "parameters": ["parameter": "text"]],
                        ["error": "org.varlink.service.InvalidParameter", "parameters": ["parameter": "text"]],
                        ["error": "org.varlink.service.InvalidParameter", "parameters": ["parameter": "upgrade"]],
                        ["parameters": ["quick": "still here"]],
                    ])
            }
        }
    }

    @Test func overTheConnectionLimitNothingIsAnswered() async throws {
        try await withServer(limits: .init(maxConnections: 1)) { path in
            try await offPool {
                let first = try RawConnection(path: path)
                first.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"in"}}"# + "\0")
                #expect(first.receive(messages: 1) == [["parameters": ["quick": "in"]]])
                let second = try RawConnection(path: path)
                second.send(#"{"method":"org.example.ping.Quick","parameters":{"text":"out"}}"# + "\0")
                #expect(second.receive(messages: 1).first?["error"] == "org.varlink.server.TooManyConnections")
                #expect(second.isClosedByServer())
            }
        }
    }
}

@Suite("The JSONValue writer")
struct JSONWriterTests {
    @Test func writesWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let values: [JSONValue] = [
            ["b": 1, "a": [true, false, nil], "c": ["z": "y", "é": "ü/\\\"\n\t\r\u{1}\u{1f}", "": 0]],
            [.int(-9_223_372_036_854_775_808), .int(Int64.max), 0.5, -1.25e-7, 1e300],
            "plain", "中文 ✓ 😀", [], [:],
        ]
        for value in values {
            let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
            #expect(String(decoding: try value.jsonBytes(), as: UTF8.self) == expected)
            #expect(try JSONValue.parse(value.jsonBytes()) == value)
        }
        #expect(try JSONValue.double(2).jsonBytes() == Array(try encoder.encode(2.0)))
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: JSONNonFiniteNumber.self) { try JSONValue.double(.infinity).jsonBytes() }
        #expect(throws: JSONNonFiniteNumber.self) { try JSONValue.array([.double(.nan)]).jsonBytes() }
    }
}
