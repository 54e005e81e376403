import CCSDStore
import CCSDSystemd
import CCSDVarlink
import CCSDZoneInfo
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// The daemon's life: open and check the store, replay and catch up, serve the socket, schedule, reload on
/// SIGHUP, stop gracefully on SIGTERM/SIGINT.
public enum Daemon {
    public static func run(_ options: DaemonOptions, zones: ZoneDatabase, logger: Logger) async throws {
        let notifier = SystemdNotifier()
        let clock = SystemClock()
        let store = try Store(path: options.databasePath)
        let committer = try Committer(store: store, now: { clock.now().microseconds })
        let journal = EventJournal(logger: logger)
        let doorbell = Doorbell()
        let broadcaster = EventBroadcaster()
        let caseload = Caseload(
            store: store, committer: committer, zones: zones, clock: clock, officeZone: options.officeZone,
            policyDirectory: options.policies, logger: logger,
            onCommitted: { events in
                journal.record(events)
                broadcaster.publish(events)
            },
            wakeScheduler: { doorbell.ring() },
            fatal: { message in
                logger.critical("\(message)")
                exit(1)
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await committer.run() }
            do {
                try await serve(
                    options, caseload: caseload, broadcaster: broadcaster, doorbell: doorbell, notifier: notifier,
                    logger: logger)
            } catch {
                committer.finish()
                throw error
            }
            await caseload.auditStopping()
            committer.finish()
            try await group.waitForAll()
        }
    }

    static func serve(
        _ options: DaemonOptions, caseload: Caseload, broadcaster: EventBroadcaster, doorbell: Doorbell,
        notifier: SystemdNotifier, logger: Logger
    ) async throws {
        let report = try await caseload.start { done, total in
            notifier.extendTimeout(by: .seconds(30))
            notifier.status("loading state: \(done) of \(total) persons replayed")
        }
        logger.notice(
            "state loaded: \(report.persons) persons, \(report.inputs) inputs replayed, \(report.caughtUp) actions caught up"
        )
        let limits = VarlinkServer.Limits(
            maxMessageBytes: options.config.maxMessageBytes, maxConnections: options.config.maxConnections,
            idleTimeout: .microseconds(options.config.idleTimeout.microseconds))
        let server = VarlinkServer(
            interfaces: [
                SupervisionService(
                    caseload: caseload, roles: RoleResolver(), broadcaster: broadcaster,
                    ownCaseloadOnly: options.config.officersOwnCaseloadOnly)
            ],
            info: .init(
                vendor: "ccsd", product: "ccsd", version: Caseload.version, url: "file:///usr/share/doc/ccsd/README.md"),
            limits: limits, logger: logger)
        let target: VarlinkServer.ListenTarget
        let fds = SocketActivation.listenFDs()
        if let fd = SocketActivation.fd(named: "varlink", in: fds) ?? fds.first?.fd {
            target = .adoptedFD(fd)
            logger.info("using the socket passed by systemd")
        } else {
            target = .path(options.socket, mode: 0o660, group: socketGroup())
        }
        let stallFile = ProcessInfo.processInfo.environment["CCSD_TEST_STALL_FILE"]
        let scheduler = Scheduler(
            caseload: caseload, clock: SystemClock(), doorbell: doorbell, notifier: notifier, logger: logger,
            stall: { stallFile.map { FileManager.default.fileExists(atPath: $0) } ?? false })
        let control = ControlService(server: server, target: target) {
            let status = await caseload.statusLine()
            notifier.ready(status: status)
            logger.notice("ready: \(status)")
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: ShutdownNotifier(notifier: notifier, logger: logger)),
                    .init(service: control), .init(service: scheduler),
                    .init(service: ReloadService(caseload: caseload, notifier: notifier, logger: logger)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The group that may use the socket when ccsd binds it itself, as in ccsd.socket (`SocketGroup=ccsd`).
    static func socketGroup() -> gid_t? {
        guard let group = getgrnam("ccsd") else { return nil }
        return group.pointee.gr_gid
    }
}
