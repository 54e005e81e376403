import AsyncHTTPClient
import CCSDConfig
import CCSDNotify
import CCSDStore
import CCSDSystemd
import CCSDVarlink
import CCSDZoneInfo
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// The daemon's life: open and check the store, replay and catch up, serve the socket, schedule, reload on
/// SIGHUP, stop gracefully on SIGTERM/SIGINT.
public enum Daemon {
    public static func run(_ options: DaemonOptions, zones: ZoneDatabase, logger: Logger) async throws {
        let notifier = SystemdNotifier()
        let clock = SystemClock()
        let store = try Store(path: options.databasePath)
        // The journal mirror and the event followers are fed by the writer itself, once per transaction and in
        // sequence order (requests settle on the actor in any order); the mirror writes on a queue of its own:
        // neither the Caseload actor nor a request waits for it.
        let journal = EventJournal(logger: logger)
        let broadcaster = EventBroadcaster()
        let outboxBell = Doorbell()
        let committer = try Committer(
            store: store, now: { clock.now().microseconds },
            committed: { events in
                journal.record(events)
                broadcaster.publish(events)
            },
            outboxQueued: { outboxBell.ring() })
        let doorbell = Doorbell()
        let templates = LoadedTemplates(
            try Self.templates(options.policies, channels: !options.config.channels.isEmpty, zones: zones))
        // Redirects off and a refused connection failing at once: retries belong to the outbox. Its own event loop:
        // the singleton loops run ccsd's tasks, and a long Caseload turn there must not stall a webhook's I/O.
        let httpLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { httpLoop.shutdownGracefully { _ in } }
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .shared(httpLoop), configuration: WebhookChannel.clientConfiguration())
        let channels = Self.channels(options.config, client: httpClient)
        let caseload = Caseload(
            store: store, committer: committer, zones: zones, clock: clock, officeZone: options.officeZone,
            policyDirectory: options.policies, logger: logger, wakeScheduler: { doorbell.ring() },
            fatal: { message in
                logger.critical("\(message)")
                journal.flushNow()
                exit(1)
            }, deliveryChannels: Set(channels.keys), templates: templates)
        let dispatcher = Dispatcher(
            store: store, caseload: caseload, channels: channels, templates: templates,
            settings: .init(
                language: options.config.language, office: options.config.office,
                officePhone: options.config.officePhone, maxAttempts: options.config.maxAttempts,
                retryAfter: options.config.retryAfter, failureChannel: options.config.failureChannel,
                concurrency: options.config.channels.mapValues(\.concurrency)),
            doorbell: outboxBell, clock: clock, logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await committer.run()
                    // Everything committed is mirrored before ccsd exits.
                    await journal.flush()
                    logger.info("group commit: \(committer.statistics)")
                }
                do {
                    try await serve(
                        options, caseload: caseload, broadcaster: broadcaster, doorbell: doorbell, notifier: notifier,
                        dispatcher: dispatcher, tester: NotifyTester(channels: channels, office: options.config.office),
                        logger: logger)
                } catch {
                    committer.finish()
                    throw error
                }
                await caseload.auditStopping()
                committer.finish()
                try await group.waitForAll()
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try? await httpClient.shutdown()
    }

    static func serve(
        _ options: DaemonOptions, caseload: Caseload, broadcaster: EventBroadcaster, doorbell: Doorbell,
        notifier: SystemdNotifier, dispatcher: Dispatcher, tester: NotifyTester, logger: Logger
    ) async throws {
        let report = try await caseload.start { done, total in
            notifier.extendTimeout(by: .seconds(30))
            notifier.status("loading state: \(done) of \(total) persons replayed")
        }
        logger.notice(
            "state loaded: \(report.persons) persons, \(report.inputs) inputs replayed, \(report.caughtUp) actions caught up"
        )
        // The socket has an event loop of its own: in ccsd the singleton loops are the tasks' executor (see
        // Entry), and a long Caseload turn there (a burst, a start) must not hold up `GetStatus` on the socket.
        let io = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { io.shutdownGracefully { _ in } }
        let limits = VarlinkServer.Limits(
            maxMessageBytes: options.config.maxMessageBytes, maxConnections: options.config.maxConnections,
            idleTimeout: .microseconds(options.config.idleTimeout.microseconds))
        let server = VarlinkServer(
            interfaces: [
                SupervisionService(
                    caseload: caseload, roles: RoleResolver(), broadcaster: broadcaster,
                    ownCaseloadOnly: options.config.officersOwnCaseloadOnly, tester: tester)
            ],
            info: .init(
                vendor: "ccsd", product: "ccsd", version: Caseload.version, url: "file:///usr/share/doc/ccsd/README.md"),
            limits: limits, logger: logger, eventLoopGroup: io)
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
                    .init(service: control), .init(service: scheduler), .init(service: dispatcher),
                    .init(service: ReloadService(caseload: caseload, notifier: notifier, logger: logger)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Message templates from `templates/*.toml` beside the policies; a problem stops the start (exit 78). With a
    /// channel configured, the policies must also fit them (`TemplateCheck`: every template they name in every
    /// language, none sent to the person using `{name}` or `{case_id}`): otherwise every such notification would
    /// fail at delivery. Without channels nothing is sent and only the templates' own problems count.
    static func templates(_ policies: String, channels: Bool, zones: ZoneDatabase) throws -> MessageTemplates {
        var problems: [ConfigProblem] = []
        var set = PolicySet()
        if channels {
            // Invalid policies are reported here too, so one start names every problem.
            (set, problems) = PolicySet.load(
                files: PolicySet.readDirectory(policies), directory: policies, zones: zones)
        }
        let check = templateCheck(set, policies: policies, channels: channels)
        problems += check.problems
        if !problems.isEmpty { throw ConfigProblems(problems) }
        return check.templates
    }

    /// The templates on disk beside the policies, with the policies checked against them when channels are
    /// configured: what a start checks (`ccsd --check-config` too).
    public static func templateCheck(_ set: PolicySet, policies: String, channels: Bool) -> TemplateCheck {
        var check = TemplateCheck(
            directory: policies, files: MessageTemplates.readDirectory("\(policies)/templates"))
        if channels { check.check(set) }
        return check
    }

    /// The channels of ccsd.conf; webhooks share one HTTP client.
    static func channels(_ config: DaemonConfig, client: HTTPClient) -> [String: any NotificationChannel] {
        var channels: [String: any NotificationChannel] = [:]
        for (name, channel) in config.channels {
            switch channel.kind {
            case .exec(let command, let timeout):
                channels[name] = ExecChannel(name: name, command: command, timeout: .microseconds(timeout.microseconds))
            case .webhook(let url, let headers, let timeout):
                channels[name] = WebhookChannel(
                    name: name, url: url, headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                    timeout: .microseconds(timeout.microseconds), client: client)
            }
        }
        return channels
    }

    /// The group that may use the socket when ccsd binds it itself, as in ccsd.socket (`SocketGroup=ccsd`).
    static func socketGroup() -> gid_t? {
        guard let group = getgrnam("ccsd") else { return nil }
        return group.pointee.gr_gid
    }
}
