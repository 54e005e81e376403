import Foundation

/// Delivers by running a configured program, the way an office plugs in its SMS gateway or voice-call system.
///
/// `command` is an absolute path and its arguments; arguments may hold the placeholders `{id}`, `{event}`,
/// `{case_id}`, `{recipient}` and `{address}`. The message goes to the program's standard input. The details are in
/// its environment: `CCSD_NOTIFICATION_ID`, `CCSD_EVENT`, `CCSD_PERSON` (the case id), `CCSD_RECIPIENT`,
/// `CCSD_ADDRESS`, `CCSD_PHONE` (the address, only when the recipient is the person) and `CCSD_<FIELD>` for each
/// field (upper-cased, `-` → `_`), besides `PATH=/usr/bin:/bin` and `LANG=C.UTF-8`; nothing else is inherited.
///
/// Exit status 0 is delivered; another status, a signal or the timeout is failed. On the timeout the program's process
/// group gets SIGTERM, then SIGKILL 2 seconds later. Standard output and error (together, at most 4 KiB) are the
/// outcome's detail. The program runs on a thread of its own, never on the cooperative pool. Cancelling the calling
/// task terminates the program's process group the same way.
public struct ExecChannel: NotificationChannel {
    public let name: String
    public let command: [String]
    public let timeout: Duration

    public init(name: String, command: [String], timeout: Duration) {
        self.name = name
        self.command = command
        self.timeout = timeout
    }

    public func deliver(_ notification: Notification) async -> DeliveryOutcome {
        guard let path = command.first, path.hasPrefix("/") else {
            return .failed(
                reason: "channel \(name) is misconfigured", detail: "the command must start with an absolute path")
        }
        let values = Self.placeholderValues(notification)
        let arguments = command.map { Self.expand($0, values: values) }
        let environment = Self.environment(notification)
        let input = Array(notification.message.utf8)
        let cancellation = CancellationFlag()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ChildProcess.Result, Never>) in
                let thread = Thread {
                    let child = ChildProcess(path: path, arguments: arguments, environment: environment)
                    continuation.resume(
                        returning: child.run(input: input, timeout: timeout, cancellation: cancellation))
                }
                thread.name = "ccsd-exec"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        return outcome(result)
    }

    func outcome(_ result: ChildProcess.Result) -> DeliveryOutcome {
        let detail = result.output
        switch result.ending {
        case .exited(0) where !result.timedOut:
            return .delivered(detail: detail)
        case .exited(let status) where !result.timedOut:
            return .failed(reason: "exited with status \(status)", detail: detail)
        case .signaled(let signal) where !result.timedOut:
            return .failed(reason: "killed by signal \(signal) (\(Self.signalName(signal)))", detail: detail)
        case _ where result.cancelled:
            return .failed(reason: "cancelled (ccsd is stopping); process group terminated", detail: detail)
        case .notStarted(let error):
            return .failed(reason: "could not start \(command[0]): \(error)", detail: detail)
        default:
            return .failed(reason: "timed out after \(timeout.spelled); process group terminated", detail: detail)
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGKILL: "SIGKILL"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGPIPE: "SIGPIPE"
        default: "signal \(signal)"
        }
    }

    static func placeholderValues(_ notification: Notification) -> [String: String] {
        [
            "id": String(notification.id), "event": notification.event, "case_id": notification.caseID ?? "",
            "recipient": notification.recipient, "address": notification.address ?? "",
        ]
    }

    /// Replaces every `{name}` whose name is known, in one pass (a value holding `{event}` stays as it is).
    static func expand(_ argument: String, values: [String: String]) -> String {
        var result = ""
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                result += value
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        return result + rest
    }

    /// The program's whole environment: a minimal base, the fields, then the fixed names (which fields cannot mask).
    static func environment(_ notification: Notification) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        for (key, value) in notification.fields {
            environment["CCSD_" + variableName(key)] = value
        }
        environment["CCSD_NOTIFICATION_ID"] = String(notification.id)
        environment["CCSD_EVENT"] = notification.event
        environment["CCSD_PERSON"] = notification.caseID ?? ""
        environment["CCSD_RECIPIENT"] = notification.recipient
        environment["CCSD_ADDRESS"] = notification.address ?? ""
        if notification.isForPerson {
            environment["CCSD_PHONE"] = notification.address ?? ""
        } else {
            environment["CCSD_PHONE"] = nil
        }
        return environment
    }

    /// `occurrence-start` → `OCCURRENCE_START`; anything but ASCII letters and digits becomes `_`.
    static func variableName(_ key: String) -> String {
        String(
            key.uppercased().unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) ? Character(scalar) : "_"
            })
    }
}
