import CCSDConfig
import CCSDTime
import CCSDZoneInfo
import Foundation

/// Where things are, resolved from the command line, the config file, systemd's environment and defaults.
public struct DaemonOptions: Sendable {
    public var configFile: String
    public var policies: String
    public var stateDirectory: String
    public var socket: String
    public var officeZone: ZoneRules
    public var config: DaemonConfig

    public static let defaultConfigFile = "/etc/ccsd/ccsd.conf"

    /// Resolves options; a config file named explicitly must exist, the default one may be absent.
    /// Throws `ConfigProblems` naming the file and key of every problem.
    public static func resolve(
        configFile: String?, stateDirectory: String?, policies: String?, socket: String?, zones: ZoneDatabase,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DaemonOptions {
        let file = configFile ?? defaultConfigFile
        var config = DaemonConfig()
        if let data = FileManager.default.contents(atPath: file) {
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigProblems([ConfigProblem(file: file, key: "", message: "is not UTF-8 text")])
            }
            switch DaemonConfig.parse(text, file: file, zones: zones) {
            case .success(let parsed): config = parsed
            case .failure(let problems): throw problems
            }
        } else if configFile != nil {
            throw ConfigProblems([
                ConfigProblem(file: file, key: "", message: "cannot be read (missing or no permission)")
            ])
        }
        // systemd's StateDirectory= and RuntimeDirectory= may list several; the first is ours.
        let stateEnv = environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
        let runtimeEnv = environment["RUNTIME_DIRECTORY"]?.split(separator: ":").first.map(String.init)
        let zone = config.timeZone.flatMap { zones.zone(named: $0) } ?? zones.localZone()
        return DaemonOptions(
            configFile: file,
            policies: policies ?? config.policies ?? "/etc/ccsd/policies",
            stateDirectory: stateDirectory ?? config.stateDirectory ?? stateEnv ?? "/var/lib/ccsd",
            socket: socket ?? config.socket ?? runtimeEnv.map { "\($0)/ccsd.sock" } ?? "/run/ccsd/ccsd.sock",
            officeZone: zone, config: config)
    }

    public var databasePath: String { "\(stateDirectory)/ccsd.sqlite" }
}
