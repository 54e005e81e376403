import CCSDVarlink
import Foundation
import Testing

@Suite("Server lifecycle")
struct ServerLifecycleTests {
    @Test func stoppingWithConnectionsStillBeingAcceptedIsClean() async throws {
        for _ in 0..<5 {
            try await withServer { path in
                // Cancel while the server is still accepting these.
                for _ in 0..<40 { _ = try? RawConnection(path: path) }
            }
        }
    }

    @Test func stoppingCancelsRunningHandlersPromptly() async throws {
        let started = ContinuousClock.now
        try await withServer { path in
            let connection = try RawConnection(path: path)
            connection.send(#"{"method":"org.example.ping.Sleep","parameters":{"ms":60000}}"# + "\0")
            connection.send(#"{"method":"org.example.ping.Count","parameters":{"n":1},"more":true}"# + "\0")
            try await Task.sleep(for: .milliseconds(100))
        }
        // The handler would sleep 60 s; ending well before that proves it was cancelled. The margin is wide
        // because a loaded two-core CI machine can be slow to schedule the shutdown.
        #expect(ContinuousClock.now - started < .seconds(40))
    }

    @Test func adoptedSocketIsServedAndItsPathKept() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("activated.sock").path
        try await withServer(at: path, listen: { .adoptedFD(try bindListeningSocket(at: $0)) }) { path in
            try await offPool {
                let client = try VarlinkClient(path: path, timeout: .seconds(5))
                #expect(try client.call("org.example.ping.Ping", parameters: ["text": "fd"]) == ["pong": "fd"])
            }
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func socketModeAndGroupAreApplied() async throws {
        try await withServer(listen: { .path($0, mode: 0o640, group: 1) }) { path in
            var status = stat()
            #expect(lstat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o640)
            #expect(status.st_gid == 1)
        }
    }

    @Test func somethingElseAtTheSocketPathIsLeftAlone() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("not-a-socket").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        let server = VarlinkServer(
            interfaces: [],
            info: .init(vendor: "", product: "", version: "", url: ""),
            logger: .init(label: "test")
        )
        await #expect(throws: VarlinkServerError.notASocket(path: path)) {
            try await server.run(listeningOn: .path(path))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test func unusableParentDirectoryIsReportedWithErrno() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file").path
        try Data().write(to: URL(fileURLWithPath: file))
        let server = VarlinkServer(
            interfaces: [],
            info: .init(vendor: "", product: "", version: "", url: ""),
            logger: .init(label: "test")
        )
        await #expect(throws: VarlinkServerError.socketSetup(path: file + "/run", operation: "mkdir", errno: ENOTDIR)) {
            try await server.run(listeningOn: .path(file + "/run/s.sock"))
        }
    }

    @Test func halfClosedClientStillGetsItsReplies() async throws {
        try await withServer { path in
            try await offPool {
                let connection = try RawConnection(path: path)
                let calls = (0..<3).map { #"{"method":"org.example.ping.Ping","parameters":{"text":"\#($0)"}}"# + "\0" }
                connection.send(calls.joined())
                shutdown(connection.descriptor, Int32(SHUT_WR))
                let replies = connection.receive(messages: 3)
                #expect(replies.map { $0["parameters"]?["pong"]?.stringValue } == ["0", "1", "2"])
                #expect(connection.isClosedByServer())
            }
        }
    }

    @Test func manyClientsAtOnce() async throws {
        try await withServer { path in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<16 {
                    group.addTask {
                        try await offPool {
                            let connection = try VarlinkClient(path: path, timeout: .seconds(10))
                            var answered = 0
                            for call in 0..<25 {
                                let text = "\(client)-\(call)"
                                if try connection.call("org.example.ping.Ping", parameters: ["text": text])
                                    == ["pong": .string(text)]
                                {
                                    answered += 1
                                }
                            }
                            return answered
                        }
                    }
                }
                var total = 0
                for try await answered in group { total += answered }
                #expect(total == 16 * 25)
            }
        }
    }
}
