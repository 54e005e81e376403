import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of a program in its own process group, driven by blocking calls: call `run` on a dedicated thread.
///
/// The child gets default signal dispositions and an empty signal mask (the daemon's ignored or blocked signals
/// would otherwise be inherited across exec), no file descriptors but 0, 1 and 2, and one pipe for both standard
/// output and error.
struct ChildProcess {
    let path: String
    let arguments: [String]
    let environment: [String: String]

    /// How the program ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signaled(Int32)
        case notStarted(String)
    }

    struct Result {
        var ending: Ending
        var timedOut: Bool
        var cancelled = false
        /// Standard output and error, at most `OutputBuffer.limit` bytes, decoded lossily.
        var output: String
    }

    /// Runs the program, feeding `input` to its standard input; returns when it has ended (or been killed).
    func run(input: [UInt8], timeout: Duration, cancellation: CancellationFlag = CancellationFlag()) -> Result {
        // A write to a program that exited early must not raise SIGPIPE in the daemon: block it on this thread only.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

        var stdinPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard Self.makePipe(&stdinPipe) else { return notStarted("pipe: \(errorText(errno))") }
        guard Self.makePipe(&outputPipe) else {
            close(stdinPipe[0])
            close(stdinPipe[1])
            return notStarted("pipe: \(errorText(errno))")
        }
        var spawned = spawn(stdin: stdinPipe[0], output: outputPipe[1])
        // ETXTBSY: another thread's child briefly holds the script open for writing (fork after open, before exec).
        var attempts = 1
        while case .failure(let error) = spawned, error.code == ETXTBSY, attempts < 50 {
            usleep(10_000)
            attempts += 1
            spawned = spawn(stdin: stdinPipe[0], output: outputPipe[1])
        }
        close(stdinPipe[0])
        close(outputPipe[1])
        guard case .success(let pid) = spawned else {
            close(stdinPipe[1])
            close(outputPipe[0])
            if case .failure(let error) = spawned { return notStarted(error.message) }
            return notStarted("unknown error")
        }
        var session = ChildSession(pid: pid, stdin: stdinPipe[1], output: outputPipe[0], input: input)
        return session.drive(timeout: timeout, cancellation: cancellation)
    }

    private func notStarted(_ message: String) -> Result {
        Result(ending: .notStarted(message), timedOut: false, output: "")
    }

    struct SpawnError: Error {
        let code: Int32
        var message: String { errorText(code) }
    }

    private func spawn(stdin: Int32, output: Int32) -> Swift.Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, Int32(signal))
        }
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([path] + arguments.dropFirst()).map { strdup(Self.cString($0)) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup(Self.cString("\($0.key)=\($0.value)")) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else { return .failure(SpawnError(code: status)) }
        return .success(pid)
    }

    /// A C string cannot hold NUL: such bytes are dropped.
    private static func cString(_ text: String) -> String {
        text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "") : text
    }

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// glibc's `pipe2` (not exported by Swift's Glibc module): both ends close-on-exec from the start, so that
    /// a program spawned at the same moment by another thread does not inherit them.
    private static let pipe2: Pipe2? = {
        guard let symbol = dlsym(nil, "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()

    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 { return pipe2(&fds, O_CLOEXEC) == 0 }
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc ≥ 2.34 closes every other descriptor in the child; Swift's Glibc module does not export it.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}

/// The text of an errno value.
func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
