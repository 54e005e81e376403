import CCSDSystemd
import CCSDTime
import Logging
import ServiceLifecycle

/// Sleeps until the earliest deadline, performs what is due, and pings the watchdog from its own loop, so a
/// stalled scheduler is one systemd restarts. Never polls the database.
public struct Scheduler: Service {
    let caseload: Caseload
    let clock: any WallClock
    let doorbell: Doorbell
    let notifier: SystemdNotifier
    let logger: Logger
    /// The longest sleep: a wall-clock jump is noticed at least this often.
    let maxSleep: Duration
    /// Test hook: when set and true, the loop stalls (to prove the watchdog restarts a hung scheduler).
    let stall: @Sendable () -> Bool

    public init(
        caseload: Caseload, clock: any WallClock, doorbell: Doorbell, notifier: SystemdNotifier, logger: Logger,
        maxSleep: Duration = .seconds(60), stall: @escaping @Sendable () -> Bool = { false }
    ) {
        self.caseload = caseload
        self.clock = clock
        self.doorbell = doorbell
        self.notifier = notifier
        self.logger = logger
        self.maxSleep = maxSleep
        self.stall = stall
    }

    public func run() async throws {
        // Cancelled at once on a graceful shutdown: the loop may be asleep until the next deadline.
        try await cancelWhenGracefulShutdown { try await loop() }
    }

    func loop() async throws {
        let watchdog = SystemdNotifier.watchdogInterval().map { $0 / 2 }
        var lastWall = clock.now()
        var lastMonotonic = monotonicMicroseconds()
        var lastStatus = ""
        while !Task.isCancelled {
            while stall() { try await Task.sleep(for: .seconds(1)) }
            try await caseload.runDue()
            // The status line and the next deadline come from the published board: no further actor hop
            // (each one wakes a pool thread on an idle daemon).
            let board = caseload.board
            let line: String
            if let published = board.statusLine() { line = published } else { line = await caseload.statusLine() }
            if line != lastStatus {
                notifier.status(line)
                lastStatus = line
            }
            if watchdog != nil { notifier.watchdog() }
            var sleep = min(watchdog ?? maxSleep, maxSleep)
            if let next = board.nextDeadline {
                let micros = max(0, (next - clock.now()).microseconds)
                sleep = min(sleep, .microseconds(micros))
            }
            await doorbell.wait(timeout: sleep)
            // A wall clock that moved more or less than the monotonic clock was set or stepped: re-evaluate now.
            let wall = clock.now()
            let monotonic = monotonicMicroseconds()
            let drift = (wall - lastWall).microseconds - (monotonic - lastMonotonic)
            if abs(drift) > 2_000_000 {
                logger.notice(
                    "wall clock jumped; re-evaluating deadlines",
                    metadata: ["jump": "\(TimeSpan(microseconds: drift))"])
            }
            lastWall = wall
            lastMonotonic = monotonic
        }
    }
}
