import CCSDVarlink
import Foundation
import Logging

/// A fresh directory for one test's socket; short, so the socket path fits `sun_path`.
func makeTemporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("vl-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// Runs a ``VarlinkServer`` serving ``PingInterface`` on a temporary socket while `body` runs, then stops it.
func withServer<T: Sendable>(
    limits: VarlinkServer.Limits = .init(),
    at socketPath: String? = nil,
    listen: @Sendable (_ socketPath: String) throws -> VarlinkServer.ListenTarget = { .path($0) },
    _ body: @Sendable (_ socketPath: String) async throws -> T
) async throws -> T {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = socketPath ?? directory.appendingPathComponent("run/test.sock").path
    let server = VarlinkServer(
        interfaces: [PingInterface()],
        info: .init(vendor: "Example", product: "ping", version: "1.0", url: "https://example.org"),
        limits: limits,
        logger: Logger(label: "test.varlink")
    )
    let target = try listen(path)
    let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            defer { readyContinuation.finish() }
            try await server.run(listeningOn: target) { readyContinuation.yield() }
            return nil
        }
        for await _ in ready { break }
        defer { group.cancelAll() }
        let result = try await body(path)
        group.cancelAll()
        while let _ = try await group.next() {}
        return result
    }
}

/// Runs blocking code (the blocking client, a child process) on its own thread, so it never starves the
/// concurrency pool the server's handlers run on.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}

/// A raw connection for sending bytes no well-behaved client would send.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = try rawConnect(path)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Reads `count` NUL-terminated messages, or fewer if the server closes first.
    func receive(messages count: Int) -> [JSONValue] {
        var messages: [JSONValue] = []
        var pending: [UInt8] = []
        while messages.count < count {
            while messages.count < count, let nul = pending.firstIndex(of: 0) {
                messages.append((try? JSONDecoder().decode(JSONValue.self, from: Data(pending[..<nul]))) ?? .null)
                pending.removeSubrange(...nul)
            }
            if messages.count >= count { break }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let read = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if read <= 0 { break }
            pending += chunk[..<read]
        }
        return messages
    }

    /// `true` if the server closed the connection (end of stream or reset) within the receive timeout.
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        let read = recv(descriptor, &byte, 1, 0)
        return read == 0 || (read < 0 && errno == ECONNRESET)
    }
}

private func rawConnect(_ path: String) throws -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        let bytes = Array(path.utf8)
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard result == 0 else {
        close(descriptor)
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    return descriptor
}

/// A socket bound and listening at `path`, as systemd would pass it; returns its descriptor.
func bindListeningSocket(at path: String) throws -> Int32 {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true
    )
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard bound == 0, Glibc.listen(descriptor, 16) == 0 else {
        close(descriptor)
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    return descriptor
}
