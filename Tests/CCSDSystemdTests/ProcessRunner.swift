#if canImport(Glibc)
    import Glibc
#endif

/// Runs helper programs (journalctl, systemd-analyze, journald) with posix_spawn and waitpid.
///
/// Not Foundation's `Process`: its `waitUntilExit()` hung here when the child forked a daemon (`setsid -f`).
enum ProcessRunner {
    /// What a finished program printed on stdout and how it exited.
    struct Result {
        var output: String
        var status: Int32
    }

    /// Runs `path` with `arguments`, stdin and stderr on /dev/null, and returns its stdout once it exits.
    ///
    /// With `captureOutput` false, stdout goes to /dev/null too: needed when the program leaves a daemon behind,
    /// which would otherwise hold the pipe open and keep the read from ever seeing its end.
    static func run(_ path: String, _ arguments: [String], captureOutput: Bool = true) throws -> Result {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { throw SpawnError(path: path, errno: errno) }
        // Close-on-exec so other tests' children never inherit this pipe (the child gets its dup2 copy).
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }
        guard spawned == 0 else { throw SpawnError(path: path, errno: spawned) }

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(pipeFDs[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output.append(contentsOf: buffer[0..<count])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Result(output: String(decoding: output, as: UTF8.self), status: status)
    }

    /// A program could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "cannot run \(path): \(String(cString: strerror(errno)))" }
    }
}
