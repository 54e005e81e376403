import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Tells the service manager about readiness, status, reloads, shutdown and liveness (`sd_notify(3)`).
///
/// Every call is a no-op when `$NOTIFY_SOCKET` was unset at `init()` (a developer's terminal), so callers never need
/// to check. Failures to notify are ignored on purpose: systemd treats a missing `READY=1` or `WATCHDOG=1` as the
/// error, and there is nothing better the daemon could do about a broken notification socket.
public struct SystemdNotifier: Sendable {
    /// True when the process runs under a service manager that listens for notifications.
    public let isEnabled: Bool

    /// Reads `$NOTIFY_SOCKET` once; later changes to the environment do not enable or disable this notifier.
    public init() {
        self.isEnabled = getenv("NOTIFY_SOCKET") != nil
    }

    /// Startup (or a reload) finished: `READY=1`, with an optional one-line `STATUS=`.
    public func ready(status: String? = nil) {
        var state = "READY=1"
        if let status { state += "\nSTATUS=" + Self.oneLine(status) }
        send(state)
    }

    /// Replaces the status line `systemctl status` shows.
    public func status(_ line: String) {
        send("STATUS=" + Self.oneLine(line))
    }

    /// A reload began: `RELOADING=1` with the `MONOTONIC_USEC=` that systemd 253 and later require.
    ///
    /// Send `ready(status:)` when the reload is done, whether the new configuration was applied or not.
    public func reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())")
    }

    /// Shutdown began: `STOPPING=1`.
    public func stopping() {
        send("STOPPING=1")
    }

    /// The main loop is alive: `WATCHDOG=1`. Send it from the loop that must make progress, not from a timer.
    public func watchdog() {
        send("WATCHDOG=1")
    }

    /// Asks for more time before systemd's start, reload or stop timeout hits: `EXTEND_TIMEOUT_USEC=`.
    ///
    /// Useful while checking the integrity of a large database at start. Send it again before `duration` runs out.
    public func extendTimeout(by duration: Duration) {
        send("EXTEND_TIMEOUT_USEC=\(Self.microseconds(duration))")
    }

    /// Sends raw `KEY=value` lines; returns what `sd_notify` returned (> 0 sent, 0 not enabled, < 0 `-errno`).
    @discardableResult
    public func send(_ state: String) -> Int32 {
        guard isEnabled else { return 0 }
        return sd_notify(0, state)
    }

    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), or nil when the watchdog is off.
    ///
    /// Ping at least twice per interval. Reads `$WATCHDOG_USEC` and `$WATCHDOG_PID` through `sd_watchdog_enabled`,
    /// which returns nothing when the variables name another process.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }

    /// Keeps a status line on one line: systemd would cut it at the first newline anyway.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// `CLOCK_MONOTONIC` in microseconds, the clock systemd compares `MONOTONIC_USEC=` with.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    /// A non-negative duration in whole microseconds.
    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000 + UInt64(attoseconds / 1_000_000_000_000)
    }
}
