import CCSDVarlink
import Foundation
import Testing

@Suite("Server limits and lifecycle")
struct ServerLimitTests {
    @Test func connectionsOverTheLimitAreRefused() async throws {
        try await withServer(limits: .init(maxConnections: 2)) { path in
            try await offPool {
                let first = try VarlinkClient(path: path, timeout: .seconds(5))
                let second = try VarlinkClient(path: path, timeout: .seconds(5))
                _ = try first.call("org.example.ping.Ping", parameters: ["text": "1"])
                _ = try second.call("org.example.ping.Ping", parameters: ["text": "2"])
                let third = try VarlinkClient(path: path, timeout: .seconds(5))
                #expect(throws: VarlinkError.tooManyConnections(limit: 2)) {
                    try third.call("org.example.ping.Ping", parameters: ["text": "3"])
                }
                #expect(try first.call("org.example.ping.Ping", parameters: ["text": "1"]) == ["pong": "1"])
            }
        }
    }

    @Test func refusedClientThatSendsLateStillLearnsWhy() async throws {
        try await withServer(limits: .init(maxConnections: 1)) { path in
            try await offPool {
                let first = try VarlinkClient(path: path, timeout: .seconds(5))
                _ = try first.call("org.example.ping.Ping", parameters: ["text": "1"])
                let late = try VarlinkClient(path: path, timeout: .seconds(5))
                Thread.sleep(forTimeInterval: 0.3)  // the server has answered and closed by now
                #expect(throws: VarlinkError.tooManyConnections(limit: 1)) {
                    try late.call("org.example.ping.Ping", parameters: ["text": "2"])
                }
            }
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        try await withServer(limits: .init(idleTimeout: .milliseconds(200))) { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                let started = ContinuousClock.now
                #expect(connection.isClosedByServer())
                let elapsed = ContinuousClock.now - started
                // Not before the 200 ms idle limit; the upper bound leaves room for a loaded CI machine.
                #expect(elapsed >= .milliseconds(150) && elapsed < .seconds(30))
            }
        }
    }

    @Test func aRunningCallIsNotIdle() async throws {
        try await withServer(limits: .init(idleTimeout: .milliseconds(200))) { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                #expect(try client.call("org.example.ping.Sleep", parameters: ["ms": 700]) == [:])
            }
        }
    }

    @Test func clientLeavingMidStreamDoesNotHurtTheServer() async throws {
        try await withServer { path in
            try await offPool {
                do {
                    let connection = try RawConnection(path: path)
                    connection.send(
                        #"{"method":"org.example.ping.Count","parameters":{"n":1000000},"more":true}"# + "\0")
                    #expect(connection.receive(messages: 3).count == 3)
                }
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                #expect(try client.call("org.example.ping.Ping", parameters: ["text": "ok"]) == ["pong": "ok"])
            }
        }
    }

    @Test func socketFileModeAndCleanup() async throws {
        let path = try await withServer { path in
            var status = stat()
            #expect(lstat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o660)
            #expect(status.st_mode & S_IFMT == S_IFSOCK)
            return path
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func connectErrorsCarryErrno() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("missing.sock").path
        #expect(throws: VarlinkClientError.connect(path: path, errno: SystemErrno(ENOENT))) {
            try VarlinkClient(path: path)
        }
    }

    @Test func staleSocketIsReplacedAndALiveOneIsNot() async throws {
        try await withServer { path in
            let second = VarlinkServer(
                interfaces: [], info: .init(vendor: "", product: "", version: "", url: ""), logger: .init(label: "t")
            )
            await #expect(throws: VarlinkServerError.addressInUse(path: path)) {
                try await second.run(listeningOn: .path(path))
            }
        }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stale = directory.appendingPathComponent("stale.sock").path
        let descriptor = try bindListeningSocket(at: stale)
        close(descriptor)
        #expect(FileManager.default.fileExists(atPath: stale))
        try await withServer(at: stale) { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                #expect(try client.call("org.example.ping.Ping", parameters: ["text": "ok"]) == ["pong": "ok"])
            }
        }
    }
}
