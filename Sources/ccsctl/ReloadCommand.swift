import ArgumentParser
import CCSDProtocol

/// `ccsctl reload`: Reload; a rejected set is a failure (exit 1).
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reload the policies and message templates, like systemctl reload ccsd (ccsd-admin).",
        discussion: """
            ccsd validates every policy first: on any problem it keeps the policies it had, and ccsctl prints \
            each problem as FILE: [table.key]: what is wrong, and exits 1. Open incidents keep the policy they \
            opened with.
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let reply = try connection.call("Reload", returning: Methods.ReloadReply.self)
        if connection.json {
            printJSON(reply)
        } else {
            switch reply.outcome {
            case "applied": print("policies reloaded: \(Style.green.apply("applied"))")
            case "unchanged": print("policies reloaded: unchanged (nothing to apply)")
            case "rejected":
                printError("ccsctl: policies rejected; ccsd keeps the policies it had:")
                for problem in reply.problems { printError(problem) }
            default: print("policies reloaded: \(reply.outcome)")
            }
        }
        if reply.outcome == "rejected" { throw ExitCode(Exit.failure) }
    }
}
