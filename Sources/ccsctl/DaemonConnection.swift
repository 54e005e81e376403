import ArgumentParser
import CCSDProtocol
import CCSDVarlink
import Foundation

/// Exit codes of commands that talk to the daemon (see `ccsctl --help`).
enum Exit {
    static let failure: Int32 = 1
    static let notFound: Int32 = 3
    static let permissionDenied: Int32 = 4
    /// EX_UNAVAILABLE: no daemon answers at the socket.
    static let unavailable: Int32 = 69
}

/// `--socket` and `--json`, shared by every command that talks to ccsd.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The control socket (default: $CCSD_SOCKET, else /run/ccsd/ccsd.sock).")
    var socket: String?

    @Flag(help: "Print JSON (stable field names) instead of a table.")
    var json = false

    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["CCSD_SOCKET"] ?? "/run/ccsd/ccsd.sock"
    }

    /// Calls a method of io.ccsd.Supervision and decodes its reply; every failure becomes a message on
    /// stderr and the documented exit code.
    func call<R: Decodable>(_ method: String, _ parameters: some Encodable = VarlinkEmptyReply(), returning: R.Type)
        throws -> R
    {
        do {
            let client = try VarlinkClient(path: socketPath, timeout: .seconds(30))
            return try client.call("\(SupervisionInterface.name).\(method)", parameters: parameters, returning: R.self)
        } catch let error as VarlinkClientError {
            if error.isServiceUnavailable {
                printError("ccsctl: ccsd is not running at \(socketPath) (\(error))")
                printError("hint: systemctl status ccsd.socket ccsd.service, or pass --socket / set CCSD_SOCKET")
                throw ExitCode(Exit.unavailable)
            }
            if error.isPermissionDenied {
                printError("ccsctl: permission denied on \(socketPath)")
                printError(
                    "hint: your user needs the socket's group (ccsd) and a role group: ccsd-officer, ccsd-auditor "
                        + "or ccsd-admin")
                throw ExitCode(Exit.permissionDenied)
            }
            printError("ccsctl: \(error)")
            throw ExitCode(Exit.failure)
        } catch let error as VarlinkError {
            printError("ccsctl: \(Self.explain(error))")
            throw ExitCode(Self.exitCode(error))
        }
    }

    static func exitCode(_ error: VarlinkError) -> Int32 {
        switch error.name {
        case SupervisionInterface.Errors.personNotFound, SupervisionInterface.Errors.incidentNotFound,
            SupervisionInterface.Errors.proposalNotFound, SupervisionInterface.Errors.leaveNotFound:
            Exit.notFound
        case SupervisionInterface.Errors.permissionDenied, VarlinkError.permissionDenied.name: Exit.permissionDenied
        case SupervisionInterface.Errors.unavailable: Exit.unavailable
        default: Exit.failure
        }
    }

    /// The error in words.
    static func explain(_ error: VarlinkError) -> String {
        func text(_ key: String) -> String {
            if case .string(let value) = error.parameters[key] { return value }
            return ""
        }
        typealias E = SupervisionInterface.Errors
        switch error.name {
        case E.personNotFound: return "no person with case id \(text("case_id"))"
        case E.personExists: return "a person with case id \(text("case_id")) already exists"
        case E.policyNotFound:
            var known: [String] = []
            if case .array(let names) = error.parameters["known"] {
                known = names.compactMap { if case .string(let s) = $0 { s } else { nil } }
            }
            return "no policy \"\(text("policy"))\"; loaded policies: \(known.joined(separator: ", "))"
        case E.invalidValue: return "\(text("parameter")) \"\(text("value"))\" is invalid; expected \(text("expected"))"
        case E.supervisionEnded: return "supervision of \(text("case_id")) has ended"
        case E.permissionDenied: return "permission denied: \(text("method")) needs the \(text("required")) role"
        case E.unavailable: return "ccsd cannot serve this now: \(text("reason"))"
        case E.incidentNotFound:
            return "no open incident \(text("incident")) (see ccsctl overdue or ccsctl incidents)"
        case E.proposalNotFound: return "no pending proposal \(text("proposal")) (see ccsctl proposals)"
        case E.leaveNotFound: return "no leave \(text("leave_id")) (see ccsctl leave list CASE)"
        default: return "\(error)"
        }
    }
}

/// Prints a value as pretty JSON with sorted keys; absent optional fields are printed as `null`, so every field
/// is always there.
func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let tree = try? StableJSONEncoder.encode(value), let data = try? encoder.encode(tree) else { return }
    print(String(decoding: data, as: UTF8.self))
}

/// `2026-12-07T08:30:00+08:00` → `2026-12-07 08:30 +08:00` for people.
func humanTime(_ text: String?) -> String {
    guard let text, text.count >= 19 else { return text ?? "-" }
    let date = text.prefix(10)
    let time = text.dropFirst(11).prefix(8)
    let shortTime = time.hasSuffix(":00") ? String(time.prefix(5)) : String(time)
    var zone = String(text.dropFirst(19))
    if let dot = zone.firstIndex(of: "."), let end = zone.firstIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" }) {
        zone.removeSubrange(dot..<end)
    }
    return "\(date) \(shortTime) \(zone)"
}

/// Aligned columns, header first; a row may leave leading cells empty (grouped rows).
func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
        var line = row.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }
            .joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        return line
    }.joined(separator: "\n")
}

/// `key  value` lines with the values aligned.
func keyValues(_ rows: [[String]]) -> String {
    let width = rows.map { $0[0].count }.max() ?? 0
    return rows.map { $0[0] + String(repeating: " ", count: width - $0[0].count) + "  " + $0[1] }
        .joined(separator: "\n")
}
