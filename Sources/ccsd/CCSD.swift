import ArgumentParser
import CCSDConfig
import CCSDDaemon
import CCSDSystemd
import CCSDZoneInfo
import Foundation
import Logging

struct CCSD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ccsd",
        abstract: "The community-correction supervision daemon.",
        discussion: """
            Tracks each supervised person's reporting windows from the policies, fires reminders and escalations, \
            proposes sanctions, and answers ccsctl over a Varlink socket. Run by systemd as ccsd.service \
            (Type=notify, socket activation through ccsd.socket); in a terminal it binds the socket itself and \
            logs to stderr. SIGHUP reloads the policies and message templates (invalid ones are refused and \
            the old set kept); SIGTERM stops it gracefully. Exit status 78 (EX_CONFIG) means an invalid \
            configuration, policy or message template at start (with a channel configured, also a template a policy names missing from a \
            language or unfit for its recipient), each problem logged as FILE: [table.key]: ...; 1 any other \
            failure.

            Defaults: config /etc/ccsd/ccsd.conf (optional), policies /etc/ccsd/policies, \
            state $STATE_DIRECTORY or /var/lib/ccsd, socket $RUNTIME_DIRECTORY/ccsd.sock or /run/ccsd/ccsd.sock.
            """,
        version: Caseload.version
    )

    /// EX_CONFIG: the configuration or a policy is invalid; ccsd.service does not restart on it.
    static let configurationError: Int32 = 78

    @Option(help: "Configuration file (TOML).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "Directory of the database.")
    var stateDirectory: String?

    @Option(help: "Directory of policies and holidays/.")
    var policies: String?

    @Option(help: "Path of the control socket (ignored under socket activation).")
    var socket: String?

    @Flag(name: .customLong("check-config"), help: "Validate the configuration and the policies, then exit.")
    var checkConfig = false

    func run() async throws {
        let zones = ZoneDatabase()
        LoggingSetup.bootstrap(forceStderr: checkConfig)
        let logger = Logger(label: "ccsd")
        let options: DaemonOptions
        do {
            options = try DaemonOptions.resolve(
                configFile: config, stateDirectory: stateDirectory, policies: policies, socket: socket, zones: zones)
        } catch let problems as ConfigProblems {
            for problem in problems.problems { logger.error("\(problem)") }
            throw ExitCode(Self.configurationError)
        }
        if checkConfig {
            var (set, problems) = PolicySet.load([options.policies], zones: zones)
            // As at start: the templates' own problems, and with channels the policies' templates missing or unfit.
            problems +=
                Daemon.templateCheck(
                    set, policies: options.policies, channels: !options.config.channels.isEmpty
                ).problems
            for problem in problems { printError(problem.description) }
            guard problems.isEmpty, !set.policies.isEmpty else {
                if set.policies.isEmpty && problems.isEmpty {
                    printError("\(options.policies): no policies (*.toml) found")
                }
                throw ExitCode(1)
            }
            let configState =
                FileManager.default.fileExists(atPath: options.configFile) ? "ok" : "absent, defaults used"
            print(
                "\(options.configFile): \(configState); policies \(options.policies): \(set.policies.keys.sorted().joined(separator: ", ")); "
                    + "state \(options.stateDirectory); socket \(options.socket); office time zone \(options.officeZone.identifier)"
            )
            return
        }
        do {
            try await Daemon.run(options, zones: zones, logger: logger)
        } catch let problems as ConfigProblems {
            for problem in problems.problems { logger.error("\(problem)") }
            throw ExitCode(Self.configurationError)
        } catch {
            logger.critical("ccsd cannot run: \(error)")
            throw ExitCode(1)
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
