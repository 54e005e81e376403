import Foundation
import Testing

/// The Python `varlink` package (PyPI), a Varlink implementation nobody here wrote, talks to our server.
/// Its `open()` fetches and parses our interface description with its own IDL parser.
@Suite("Python varlink peer")
struct PythonPeerTests {
    static let script = #"""
        import json, sys, varlink
        out = {}
        with varlink.Client(address="unix:" + sys.argv[1]) as client:
            with client.open("org.varlink.service") as service:
                info = service.GetInfo()
                out["vendor"] = info["vendor"]
                out["interfaces"] = info["interfaces"]
                out["description"] = service.GetInterfaceDescription("org.example.ping")["description"]
            with client.open("org.example.ping") as ping:
                out["pong"] = ping.Ping("from python")["pong"]
                out["count"] = [reply["i"] for reply in ping.Count(3, _more=True)]
                try:
                    ping.Ping(12)
                    out["wrong_type"] = "no error"
                except varlink.VarlinkError as error:
                    out["wrong_type"] = [error.error(), error.parameters()]
                try:
                    ping.Fail()
                    out["failure"] = "no error"
                except varlink.VarlinkError as error:
                    out["failure"] = error.error()
        print(json.dumps(out))
        """#

    static var pythonVarlinkAvailable: Bool {
        (try? run(["python3", "-c", "import varlink"]).status) == 0
    }

    @Test(
        .enabled(if: pythonVarlinkAvailable, "python3 with the varlink package is missing: pip install varlink")
    )
    func pythonClientCallsOurServer() async throws {
        let output = try await withServer { path in
            try await offPool { try Self.run(["python3", "-c", Self.script, path]) }
        }
        #expect(output.status == 0, "python failed: \(output.stderr)")
        let result = try JSONDecoder().decode(PythonResult.self, from: Data(output.stdout.utf8))
        #expect(result.vendor == "Example")
        #expect(result.interfaces == ["org.varlink.service", "org.example.ping"])
        #expect(result.description.contains("method Count(n: int) -> (i: int)"))
        #expect(result.pong == "from python")
        #expect(result.count == [1, 2, 3])
        #expect(result.failure == "org.example.ping.InternalError")
        #expect(result.wrongType.first == "org.varlink.service.InvalidParameter")
    }

    struct PythonResult: Decodable {
        var vendor: String
        var interfaces: [String]
        var description: String
        var pong: String
        var count: [Int]
        var wrongType: [String]
        var failure: String

        enum CodingKeys: String, CodingKey {
            case vendor, interfaces, description, pong, count, failure
            case wrongType = "wrong_type"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            vendor = try container.decode(String.self, forKey: .vendor)
            interfaces = try container.decode([String].self, forKey: .interfaces)
            description = try container.decode(String.self, forKey: .description)
            pong = try container.decode(String.self, forKey: .pong)
            count = try container.decode([Int].self, forKey: .count)
            failure = try container.decode(String.self, forKey: .failure)
            // [name, parameters]: keep the name.
            let pair = try container.decode([JSONValueString].self, forKey: .wrongType)
            wrongType = pair.compactMap(\.text)
        }
    }

    /// A JSON value of which only strings matter.
    struct JSONValueString: Decodable {
        var text: String?
        init(from decoder: any Decoder) throws {
            text = try? decoder.singleValueContainer().decode(String.self)
        }
    }

    /// Runs a program to completion and collects its output.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
