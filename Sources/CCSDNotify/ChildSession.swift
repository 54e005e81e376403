import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Drives one spawned child: feeds its standard input, drains its output, enforces the timeout, reaps it.
struct ChildSession {
    let pid: pid_t
    var stdin: Int32
    var output: Int32
    let input: [UInt8]
    private var written = 0
    private var captured = OutputBuffer()

    /// How long the program has between SIGTERM and SIGKILL.
    static let killGrace: Duration = .seconds(2)

    init(pid: pid_t, stdin: Int32, output: Int32, input: [UInt8]) {
        self.pid = pid
        self.stdin = stdin
        self.output = output
        self.input = input
        _ = fcntl(stdin, F_SETFL, O_NONBLOCK)
        _ = fcntl(output, F_SETFL, O_NONBLOCK)
    }

    mutating func drive(timeout: Duration, cancellation: CancellationFlag) -> ChildProcess.Result {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var terminatedAt: ContinuousClock.Instant?
        var killed = false
        var step = 1
        if input.isEmpty { closeStdin() }
        // Exit is noticed without reaping (WNOWAIT): the zombie keeps the process group id from being reused
        // while the group is signalled.
        while !hasExited() {
            let now = clock.now
            if terminatedAt == nil && (now >= deadline || cancellation.isCancelled) {
                kill(-pid, SIGTERM)
                terminatedAt = now
            }
            if let terminatedAt, !killed, now >= terminatedAt.advanced(by: Self.killGrace) {
                kill(-pid, SIGKILL)
                killed = true
            }
            let next = terminatedAt.map { $0.advanced(by: Self.killGrace) } ?? deadline
            let remaining = max(1, Int((next - now).nanoseconds / 1_000_000))
            pump(waitMilliseconds: min(step, remaining))
            step = min(step * 2, 50)
        }
        drain()
        if terminatedAt != nil { kill(-pid, SIGKILL) }  // anything the program left behind in its group
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        closeStdin()
        close(output)
        return ChildProcess.Result(
            ending: Self.ending(status), timedOut: terminatedAt != nil, cancelled: cancellation.isCancelled,
            output: captured.text)
    }

    private func hasExited() -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return result == 0 && info.si_signo != 0 || result < 0 && errno == ECHILD
    }

    /// Waits up to `waitMilliseconds` for the pipes, then writes what input it can and reads what output there is.
    private mutating func pump(waitMilliseconds: Int) {
        var fds: [pollfd] = []
        if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
        if output >= 0 { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), Int32(waitMilliseconds))
        for entry in fds where entry.revents != 0 {
            if entry.fd == stdin { writeInput() } else { readOutput() }
        }
    }

    private mutating func writeInput() {
        let count = input[written...].withUnsafeBytes { write(stdin, $0.baseAddress, $0.count) }
        if count > 0 {
            written += count
            if written == input.count { closeStdin() }
        } else if count < 0 && errno != EAGAIN && errno != EINTR {
            closeStdin()  // EPIPE: the program does not read its input
        }
    }

    /// Reads one chunk; returns false when there is nothing more to read now.
    @discardableResult
    private mutating func readOutput() -> Bool {
        guard output >= 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count > 0 {
            captured.append(chunk[..<count])
            return true
        }
        if count == 0 || (errno != EAGAIN && errno != EINTR) {
            close(output)
            output = -1
        }
        return count < 0 && errno == EINTR
    }

    /// After the exit: what is already in the pipe (a child the program left behind may hold it open).
    private mutating func drain() {
        var rounds = 0
        while rounds < 1024 && readOutput() { rounds += 1 }
    }

    private mutating func closeStdin() {
        if stdin >= 0 {
            close(stdin)
            stdin = -1
        }
    }

    /// Decodes a wait status (the WIFEXITED family are macros Swift cannot see).
    static func ending(_ status: Int32) -> ChildProcess.Ending {
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(low)
    }
}
