import Foundation

/// Runs the built `ccsctl` the way a user would and captures what it prints.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `ccsctl` built beside this test bundle (`swift test` builds it too).
    static var binary: URL {
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["CCSCTL"].map { URL(fileURLWithPath: $0) },
            bundleDirectory.appendingPathComponent("ccsctl"),
            root.appendingPathComponent(".build/debug/ccsctl"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? root.appendingPathComponent(".build/debug/ccsctl")
    }

    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `ccsctl` (or `executable`, e.g. a wrapper that runs it as another user) with `arguments`, waiting on a
    /// thread of its own: a test blocked on a child process must not hold one of the few threads of the
    /// cooperative pool that every other test's tasks need.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil)
        async throws -> Result
    {
        try await offPool { try runBlocking(arguments, environment: environment, executable: executable) }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil)
        throws -> Result
    {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs blocking work on a new thread and awaits its result, leaving the cooperative pool free.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
        }
    }

    /// A scratch directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ccsctl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
