import Foundation
import Testing

@testable import CCSDNotify

@Suite("exec channel") struct ExecChannelTests {
    static let reminder = Notification(
        id: 42, event: "reminder", caseID: "JX-2026-0042", recipient: "person", address: "+8613800000000",
        message: "您好，明天请到司法所报到。\nline two", fields: ["occurrence-start": "2026-02-16T08:30:00+08:00"])

    /// A script recording its standard input, environment and arguments next to itself.
    static let recorder = """
        cat > "$1.stdin"
        env > "$1.env"
        shift
        printf '%s\\n' "$@" > "$(dirname "$0")/args"
        echo "queued"
        """

    private func environment(_ directory: TemporaryDirectory) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try directory.read("out.env").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    @Test func messageArgumentsAndEnvironmentArrive() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", Self.recorder)
        let command = [script, directory.path("out"), "{id}", "{event}", "{case_id}", "{recipient}", "to={address}"]
        let channel = ExecChannel(name: "sms", command: command, timeout: .seconds(10))
        let outcome = await channel.deliver(Self.reminder)
        #expect(outcome == .delivered(detail: "queued\n"))
        #expect(try directory.read("out.stdin") == Self.reminder.message)
        #expect(try directory.read("args") == "42\nreminder\nJX-2026-0042\nperson\nto=+8613800000000\n")
        let environment = try environment(directory)
        #expect(environment["CCSD_NOTIFICATION_ID"] == "42")
        #expect(environment["CCSD_EVENT"] == "reminder")
        #expect(environment["CCSD_PERSON"] == "JX-2026-0042")
        #expect(environment["CCSD_RECIPIENT"] == "person")
        #expect(environment["CCSD_ADDRESS"] == "+8613800000000")
        #expect(environment["CCSD_PHONE"] == "+8613800000000")
        #expect(environment["CCSD_OCCURRENCE_START"] == "2026-02-16T08:30:00+08:00")
        #expect(environment["PATH"] == "/usr/bin:/bin")
        #expect(environment["LANG"] == "C.UTF-8")
        #expect(environment["HOME"] == nil)
    }

    @Test func phoneOnlyForThePerson() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", Self.recorder)
        var escalation = Self.reminder
        escalation.recipient = "officer"
        escalation.address = "wang"
        escalation.fields = ["event": "masked?"]
        let channel = ExecChannel(name: "sms", command: [script, directory.path("out")], timeout: .seconds(10))
        #expect(await channel.deliver(escalation).isDelivered)
        let environment = try environment(directory)
        #expect(environment["CCSD_PHONE"] == nil)
        #expect(environment["CCSD_ADDRESS"] == "wang")
        #expect(environment["CCSD_RECIPIENT"] == "officer")
        #expect(environment["CCSD_EVENT"] == "reminder")
    }

    @Test func nonZeroExitFails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", "echo 'gateway down' >&2\nexit 3\n")
        let outcome = await ExecChannel(name: "sms", command: [script], timeout: .seconds(10)).deliver(Self.reminder)
        #expect(outcome == .failed(reason: "exited with status 3", detail: "gateway down\n"))
    }

    @Test func signalFails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", "kill -KILL $$\n")
        let outcome = await ExecChannel(name: "sms", command: [script], timeout: .seconds(10)).deliver(Self.reminder)
        #expect(outcome == .failed(reason: "killed by signal 9 (SIGKILL)", detail: ""))
    }

    @Test func missingOrRelativeProgramFails() async throws {
        let missing = await ExecChannel(name: "sms", command: ["/nonexistent/send"], timeout: .seconds(1))
            .deliver(Self.reminder)
        #expect(missing == .failed(reason: "could not start /nonexistent/send: No such file or directory", detail: ""))
        let relative = await ExecChannel(name: "sms", command: ["send"], timeout: .seconds(1)).deliver(Self.reminder)
        #expect(!relative.isDelivered)
    }

    @Test func timeoutKillsTheProcessGroup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script(
            "send", "sleep 90 &\necho $! > \"$1/child\"\necho $$ > \"$1/script\"\necho started\nwait\n")
        let channel = ExecChannel(name: "sms", command: [script, directory.url.path], timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let outcome = await channel.deliver(Self.reminder)
        // Well under the script's 90 s: the timeout killed it (a loaded CI machine can add seconds).
        #expect(ContinuousClock.now - started < .seconds(45))
        #expect(outcome == .failed(reason: "timed out after 300ms; process group terminated", detail: "started\n"))
        for name in ["script", "child"] {
            let pid = try #require(Int32(try directory.read(name).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(processIsGone(pid), "\(name) \(pid) still runs")
        }
    }

    @Test func programIgnoringSIGTERMIsKilled() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", "trap '' TERM\necho $$ > \"$1/script\"\nsleep 90\n")
        let channel = ExecChannel(name: "sms", command: [script, directory.url.path], timeout: .milliseconds(200))
        let started = ContinuousClock.now
        let outcome = await channel.deliver(Self.reminder)
        let elapsed = ContinuousClock.now - started
        // The 2 s grace, then SIGKILL, well before the script's 90 s sleep ends.
        #expect(elapsed >= .seconds(2) && elapsed < .seconds(45))
        #expect(!outcome.isDelivered)
        let pid = try #require(Int32(try directory.read("script").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(processIsGone(pid))
    }

    @Test func outputIsCapped() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", "i=0\nwhile [ $i -lt 3000 ]; do echo '你好，世界'; i=$((i+1)); done\n")
        let outcome = await ExecChannel(name: "sms", command: [script], timeout: .seconds(20)).deliver(Self.reminder)
        #expect(outcome.isDelivered)
        #expect(outcome.detail.utf8.count <= 4096)
        #expect(outcome.detail.hasPrefix("你好，世界\n"))
        #expect(outcome.detail.hasSuffix("[…output truncated]"))
        #expect(!outcome.detail.contains("\u{FFFD}"))
    }

    @Test func programNotReadingALargeMessageDoesNotHang() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script("send", "exit 0\n")
        var large = Self.reminder
        large.message = String(repeating: "x", count: 1_000_000)
        let outcome = await ExecChannel(name: "sms", command: [script], timeout: .seconds(10)).deliver(large)
        #expect(outcome == .delivered(detail: ""))
    }

    @Test func placeholdersExpandOnce() {
        let values = ["address": "{event}", "event": "reminder"]
        #expect(
            ExecChannel.expand("--to={address} {event} {other} {", values: values) == "--to={event} reminder {other} {")
        #expect(ExecChannel.variableName("occurrence-start.x") == "OCCURRENCE_START_X")
    }
}
