import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP receiver on 127.0.0.1 (Python's http.server on an ephemeral port) that logs every request it gets.
final class LoopbackReceiver: @unchecked Sendable {
    enum Mode: String {
        case ok, fail = "500", slow
    }

    let process: Process
    let port: Int
    let directory: TemporaryDirectory

    static let server = #"""
        import http.server, json, sys, time
        mode, log = sys.argv[1], sys.argv[2]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                        "body": body.decode()}) + "\n")
                if mode == "slow":
                    time.sleep(3)
                code = 500 if mode == "500" else 200
                payload = b"receiver says no" if code == 500 else b"ok " + b"x" * 3000
                self.send_response(code)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    private init(process: Process, port: Int, directory: TemporaryDirectory) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    static func start(_ mode: Mode) async throws -> LoopbackReceiver {
        let directory = try TemporaryDirectory()
        try server.write(toFile: directory.path("server.py"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.path("server.py"), mode.rawValue, directory.path("requests.jsonl")]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = try await offPool { () -> String in
            var bytes: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 {
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let port = Int(line) else {
            process.terminate()
            throw ReceiverError(message: "the receiver did not start: \(line)")
        }
        return LoopbackReceiver(process: process, port: port, directory: directory)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/hook")! }

    /// The requests received so far: path, lower-cased headers, body.
    func requests() throws -> [[String: Any]] {
        guard let text = try? directory.read("requests.jsonl") else { return [] }
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Kills the receiver: SIGKILL, since a child spawned from a cooperative-pool thread inherits its blocked SIGTERM.
    func stop() async throws {
        kill(process.processIdentifier, SIGKILL)
        let process = self.process
        try await offPool { process.waitUntilExit() }
        directory.remove()
    }
}

struct ReceiverError: Error {
    let message: String
}
