import CCSDDaemon
import CCSDProtocol
import Foundation
import Logging
import Testing

@testable import CCSDVarlink

@Suite("io.ccsd.Supervision through a real socket")
struct ControlSocketTests {
    /// Serves the caseload on a temporary socket with every caller given `role`, runs `body` (blocking client
    /// code) on a thread of its own so it never starves the concurrency pool the server runs on, then stops.
    static func serve(
        _ fixture: DaemonFixture, role: Role, ownCaseloadOnly: Bool = false,
        _ body: @escaping @Sendable (String) throws -> Void
    ) async throws {
        let socket = fixture.directory.appendingPathComponent("ccsd.sock").path
        try await fixture.run { caseload, _ in
            let service = SupervisionService(
                caseload: caseload, roles: RoleResolver(lookup: { uid in ("user\(uid)", role) }),
                ownCaseloadOnly: ownCaseloadOnly)
            let server = VarlinkServer(
                interfaces: [service], info: .init(vendor: "ccsd", product: "ccsd", version: "test", url: ""),
                logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                let ready = AsyncStream.makeStream(of: Void.self)
                group.addTask {
                    try await server.run(listeningOn: .path(socket)) { ready.continuation.yield() }
                }
                for await _ in ready.stream { break }
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    Thread { continuation.resume(with: Result { try body(socket) }) }.start()
                }
                group.cancelAll()
            }
        }
    }

    static let add = Methods.AddPerson(
        caseID: "JX-2026-0042", name: "张三", phone: "13800000000", policy: "quick",
        supervisionStart: "2026-12-01T09:00:00+08:00")

    @Test("an admin adds, an officer records, anyone with a role reads; errors are Varlink errors")
    func methods() async throws {
        let fixture = try DaemonFixture()
        try await Self.serve(fixture, role: .admin) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            let person = try client.call(
                "io.ccsd.Supervision.AddPerson", parameters: Self.add, returning: Methods.AddPersonReply.self)
            #expect(person.person.caseID == "JX-2026-0042" && person.person.timeZone == "Asia/Shanghai")
            let reply = try client.call(
                "io.ccsd.Supervision.RecordCheckIn",
                parameters: Methods.RecordCheckIn(caseID: "JX-2026-0042", method: "phone"),
                returning: Methods.RecordCheckInReply.self)
            #expect(reply.outcome == "unmatched" && reply.eventSeq > 0)
            let shown = try client.call(
                "io.ccsd.Supervision.GetPerson", parameters: Methods.GetPerson(caseID: "JX-2026-0042"),
                returning: Methods.GetPersonReply.self)
            #expect(shown.windows.first?.occurrence == "ping@2026-12-01T01:10Z")
            let status = try client.call("io.ccsd.Supervision.GetStatus", returning: Methods.GetStatusReply.self)
            #expect(status.status.persons == 1 && status.status.policies == ["quick"])
            let events = try client.call(
                "io.ccsd.Supervision.GetEvents", parameters: Methods.GetEvents(caseID: "JX-2026-0042"),
                returning: Methods.GetEventsReply.self)
            #expect(events.events.map(\.type).prefix(2) == ["person-added", "check-in"])

            #expect(throws: VarlinkError(name: "io.ccsd.Supervision.PersonNotFound", parameters: ["case_id": "nobody"]))
            {
                try client.call("io.ccsd.Supervision.GetPerson", parameters: Methods.GetPerson(caseID: "nobody"))
            }
            #expect(
                throws: VarlinkError(name: "io.ccsd.Supervision.PersonExists", parameters: ["case_id": "JX-2026-0042"])
            ) {
                try client.call("io.ccsd.Supervision.AddPerson", parameters: Self.add)
            }
            #expect(throws: VarlinkError.methodNotFound("io.ccsd.Supervision.DeleteEverything")) {
                try client.call("io.ccsd.Supervision.DeleteEverything")
            }
            #expect(throws: VarlinkError.invalidParameter("case_id")) {
                try client.call("io.ccsd.Supervision.GetPerson", parameters: ["case_id": 42])
            }
            do {
                _ = try client.call(
                    "io.ccsd.Supervision.RecordCheckIn",
                    parameters: Methods.RecordCheckIn(caseID: "JX-2026-0042", method: "phone", at: "tomorrow"))
                Issue.record("a bad time must fail")
            } catch let error as VarlinkError {
                #expect(error.name == "io.ccsd.Supervision.InvalidValue" && error.parameters["parameter"] == "at")
            }
        }
    }

    @Test("check-ins pipelined on one connection overlap their writes; every reply, bad calls too, comes in order")
    func pipelinedCheckIns() async throws {
        let fixture = try DaemonFixture()
        try await Self.serve(fixture, role: .admin) { socket in
            func call(_ method: String, _ parameters: String) -> String {
                #"{"method":"io.ccsd.Supervision.\#(method)","parameters":\#(parameters)}"# + "\0"
            }
            let checkIn = call("RecordCheckIn", #"{"case_id":"JX-2026-0042","method":"phone"}"#)
            let calls =
                [call("AddPerson", String(decoding: try JSONEncoder().encode(Self.add), as: UTF8.self))]
                + Array(repeating: checkIn, count: 10)
                // Bad calls among overlapping ones: each answered in its place, nothing lost around it.
                + [
                    call("RecordCheckIn", #"{"case_id":"nobody","method":"phone"}"#),
                    call("RecordCheckIn", #"{"case_id":5,"method":"phone"}"#), #"{"parameters":{}}"# + "\0",
                ]
                + Array(repeating: checkIn, count: 10)
                + [call("GetEvents", #"{"case_id":"JX-2026-0042"}"#), call("GetStatus", "{}")]
            let replies = try Self.pipeline(calls, to: socket)
            try #require(replies.count == calls.count)
            #expect(replies[0]["parameters"]?["person"]?["case_id"] == "JX-2026-0042")
            #expect(replies[11]["error"] == "io.ccsd.Supervision.PersonNotFound")
            #expect(replies[12]["error"] == "org.varlink.service.InvalidParameter")
            #expect(replies[12]["parameters"]?["parameter"] == "case_id")
            #expect(replies[13]["error"] == "org.varlink.service.InvalidParameter")
            #expect(replies[13]["parameters"]?["parameter"] == "method")
            let seqs = (Array(replies[1...10]) + Array(replies[14...23])).compactMap {
                $0["parameters"]?["event_seq"]?.intValue
            }
            #expect(seqs.count == 20 && zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
            let types = replies[24]["parameters"]?["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
            #expect(types?.filter { $0 == "check-in" }.count == 20)
            #expect(replies[25]["parameters"]?["status"]?["persons"] == 1)
        }
    }

    /// Sends `calls` (NUL-terminated messages) in one write and returns the replies, one per call.
    static func pipeline(_ calls: [String], to socket: String) throws -> [JSONValue] {
        let descriptor = try UnixSocket.connect(path: socket)
        defer { close(descriptor) }
        try UnixSocket.setReceiveTimeout(descriptor, .seconds(10))
        try UnixSocket.sendAll(descriptor, Array(calls.joined().utf8))
        var received: [UInt8] = []
        while received.count(where: { $0 == 0 }) < calls.count {
            let chunk = try UnixSocket.receive(descriptor)
            guard !chunk.isEmpty else { break }
            received += chunk
        }
        return received.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            (try? JSONDecoder().decode(JSONValue.self, from: Data($0))) ?? .null
        }
    }

    static func checkIn(_ caseID: String) -> String {
        #"{"method":"io.ccsd.Supervision.RecordCheckIn","parameters":{"case_id":"\#(caseID)","method":"phone"}}"#
            + "\0"
    }

    @Test("check-ins pipelined together are checked one by one: role, own caseload, each refusal audited")
    func pipelinedCheckInsAreChecked() async throws {
        let fixture = try DaemonFixture()
        let me = "user\(getuid())"
        try await fixture.run { caseload, _ in
            for (caseID, officer) in [("MINE-1", me), ("THEIRS-1", "other")] {
                _ = try await caseload.addPerson(
                    .init(
                        caseID: caseID, name: "a", policy: "quick", officer: officer,
                        supervisionStart: "2026-12-01T09:00:00+08:00"), caller: CaseloadTests.admin)
            }
        }
        try await Self.serve(fixture, role: .officer, ownCaseloadOnly: true) { socket in
            let replies = try Self.pipeline(["MINE-1", "THEIRS-1", "MINE-1"].map(Self.checkIn), to: socket)
            try #require(replies.count == 3)
            #expect(replies[0]["parameters"]?["outcome"] == "unmatched")
            #expect(replies[1]["error"] == "io.ccsd.Supervision.PermissionDenied")
            #expect(replies[2]["parameters"]?["outcome"] == "unmatched")
        }
        try await Self.serve(fixture, role: .auditor) { socket in
            let replies = try Self.pipeline(["MINE-1", "MINE-1"].map(Self.checkIn), to: socket)
            #expect(replies.map { $0["error"] } == Array(repeating: "io.ccsd.Supervision.PermissionDenied", count: 2))
        }
        let events = try fixture.events()
        #expect(events.filter { $0.type == "check-in" }.map { $0.fields["person"] } == ["MINE-1", "MINE-1"])
        #expect(events.filter { $0.type == "permission-denied" }.count == 3)
    }

    @Test("callers without the role get PermissionDenied, and the refusal is audited")
    func roles() async throws {
        let fixture = try DaemonFixture()
        try await Self.serve(fixture, role: .auditor) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            _ = try client.call("io.ccsd.Supervision.GetStatus")
            #expect(
                throws: VarlinkError(
                    name: "io.ccsd.Supervision.PermissionDenied",
                    parameters: ["method": "io.ccsd.Supervision.AddPerson", "required": "ccsd-admin"])
            ) {
                try client.call("io.ccsd.Supervision.AddPerson", parameters: Self.add)
            }
            #expect(throws: VarlinkError.self) {
                try client.call(
                    "io.ccsd.Supervision.RecordCheckIn", parameters: Methods.RecordCheckIn(caseID: "x", method: "phone")
                )
            }
        }
        let denied = try fixture.events().filter { $0.type == "permission-denied" }
        #expect(denied.count == 2 && denied[0].fields["required"] == "ccsd-admin")
        try await Self.serve(fixture, role: .none) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            #expect(throws: VarlinkError.self) { try client.call("io.ccsd.Supervision.GetStatus") }
        }
    }

    @Test("GetStatus, answered on the event loop, still needs a role, and a refusal is audited")
    func statusNeedsARole() async throws {
        let fixture = try DaemonFixture()
        try await Self.serve(fixture, role: .none) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            #expect(
                throws: VarlinkError(
                    name: "io.ccsd.Supervision.PermissionDenied",
                    parameters: ["method": "io.ccsd.Supervision.GetStatus", "required": "ccsd-auditor"])
            ) {
                try client.call("io.ccsd.Supervision.GetStatus")
            }
        }
        let denied = try fixture.events().filter { $0.type == "permission-denied" }
        #expect(denied.map { $0.fields["method"] } == ["io.ccsd.Supervision.GetStatus"])
        try await Self.serve(fixture, role: .auditor) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            for _ in 0..<3 {
                let status = try client.call("io.ccsd.Supervision.GetStatus", returning: Methods.GetStatusReply.self)
                #expect(status.status.persons == 0 && status.status.policies == ["quick"])
            }
        }
    }

    @Test("with officers-own-caseload-only, an officer reaches their own persons only")
    func ownCaseload() async throws {
        let fixture = try DaemonFixture()
        let me = "user\(getuid())"
        try await fixture.run { caseload, _ in
            _ = try await caseload.addPerson(
                .init(
                    caseID: "MINE-1", name: "a", policy: "quick", officer: me,
                    supervisionStart: "2026-12-01T09:00:00+08:00"), caller: CaseloadTests.admin)
            _ = try await caseload.addPerson(
                .init(
                    caseID: "THEIRS-1", name: "b", policy: "quick", officer: "other",
                    supervisionStart: "2026-12-01T09:00:00+08:00"), caller: CaseloadTests.admin)
        }
        try await Self.serve(fixture, role: .officer, ownCaseloadOnly: true) { socket in
            let client = try VarlinkClient(path: socket, timeout: .seconds(10))
            _ = try client.call("io.ccsd.Supervision.GetPerson", parameters: Methods.GetPerson(caseID: "MINE-1"))
            #expect(throws: VarlinkError.self) {
                try client.call("io.ccsd.Supervision.GetPerson", parameters: Methods.GetPerson(caseID: "THEIRS-1"))
            }
            #expect(throws: VarlinkError.self) {
                try client.call(
                    "io.ccsd.Supervision.RecordCheckIn",
                    parameters: Methods.RecordCheckIn(caseID: "THEIRS-1", method: "phone"))
            }
            let listed = try client.call(
                "io.ccsd.Supervision.ListPersons", parameters: Methods.ListPersons(officer: "other"),
                returning: Methods.ListPersonsReply.self)
            #expect(listed.persons.map(\.caseID) == ["MINE-1"])
        }
    }

    @Test(
        "an independent Varlink peer (Python's varlink package) parses the interface and calls it",
        .enabled(if: ControlSocketTests.pythonVarlink, "needs python3 with the varlink package (pip install varlink)"))
    func pythonPeer() async throws {
        let fixture = try DaemonFixture()
        try await Self.serve(fixture, role: .admin) { socket in
            let script = """
                import sys, varlink
                client = varlink.Client(address="unix:" + sys.argv[1])
                with client.open("io.ccsd.Supervision") as s:
                    assert s.GetStatus()["status"]["persons"] == 0
                    p = s.AddPerson(case_id="PY-1", name="Py", policy="quick", supervision_start="2026-12-01T09:00:00+08:00")
                    assert p["person"]["case_id"] == "PY-1", p
                    r = s.RecordCheckIn(case_id="PY-1", method="phone")
                    assert r["outcome"] == "unmatched", r
                    try:
                        s.GetPerson(case_id="nobody")
                        raise SystemExit("expected an error")
                    except varlink.VarlinkError as e:
                        assert e.error() == "io.ccsd.Supervision.PersonNotFound", e.error()
                        assert e.parameters()["case_id"] == "nobody"
                print("ok")
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, socket]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && output.contains("ok"), "\(output)")
        }
    }

    static let pythonVarlink: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import varlink"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
