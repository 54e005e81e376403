import ArgumentParser
import Foundation

@main
struct CCSCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ccsctl",
        abstract: "Control and inspect ccsd, the community-correction supervision daemon.",
        discussion: """
            Offline commands (no daemon needed): `calendar` shows when an OnCalendar= expression elapses, \
            `policy check` validates policy files, `simulate` prints the timeline a person on a policy would see.
            The others talk to ccsd over its Varlink socket (--socket, $CCSD_SOCKET, default /run/ccsd/ccsd.sock).

            Exit codes: 0 ok, 1 failure (invalid input, invalid policy), 2 usage error, 3 not found, \
            4 permission denied, 69 daemon unavailable.
            """,
        version: "0.1.0",
        subcommands: [
            StatusCommand.self, PersonCommand.self, CheckInCommand.self, CorrectCommand.self, LogCommand.self,
            EventsCommand.self, ReportCommand.self, DeliveriesCommand.self, NotifyCommand.self, OverdueCommand.self,
            UpcomingCommand.self, IncidentsCommand.self, AckCommand.self, ResolveCommand.self, ProposalsCommand.self,
            DecideCommand.self, LeaveCommand.self, ExcuseCommand.self, ExplainCommand.self, ReloadCommand.self,
            AuditCommand.self, CalendarCommand.self, PolicyCommand.self, SimulateCommand.self,
        ]
    )

    /// Runs the command; usage errors exit 2 (ArgumentParser's own default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
