import CCSDSystemd
import CCSDVarlink
import Logging
import ServiceLifecycle
import UnixSignals

/// The control socket as a service: READY=1 goes out once the socket is bound (or adopted) and state is loaded.
struct ControlService: Service {
    let server: VarlinkServer
    let target: VarlinkServer.ListenTarget
    let onListening: @Sendable () async -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await server.run(listeningOn: target, onListening: onListening)
        }
    }
}

/// SIGHUP (`systemctl reload ccsd`): RELOADING=1, validate every policy, swap or keep the old set, READY=1.
struct ReloadService: Service {
    let caseload: Caseload
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        try await cancelWhenGracefulShutdown {
            for await _ in signals {
                notifier.reloading()
                await Self.reload(caseload, logger: logger)
                notifier.ready(status: await caseload.statusLine())
            }
        }
    }

    /// Reloads and logs the outcome; each rejected problem is logged with its file and key.
    @discardableResult
    static func reload(_ caseload: Caseload, logger: Logger) async -> ReloadOutcome {
        let outcome = await caseload.reload()
        switch outcome {
        case .applied(let policies, let changed):
            logger.notice(
                "policies reloaded: \(policies.joined(separator: ", ")); \(changed) persons get the new versions for new windows"
            )
        case .unchanged:
            logger.info("policies unchanged; message templates reloaded")
        case .rejected(let problems):
            for problem in problems { logger.error("policy reload rejected: \(problem)") }
            logger.error("policy reload rejected: keeping the policies in force (\(problems.count) problems)")
            await caseload.auditReloadFailure(problems)
        }
        return outcome
    }
}

/// Sends STOPPING=1 as soon as a graceful shutdown begins.
struct ShutdownNotifier: Service {
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.notice("stopping")
        notifier.stopping()
    }
}
