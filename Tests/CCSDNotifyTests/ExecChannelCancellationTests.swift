import Foundation
import Testing

@testable import CCSDNotify

@Suite("exec channel cancellation") struct ExecChannelCancellationTests {
    @Test func cancellingTheTaskTerminatesTheProgram() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = try directory.script(
            "send", "echo $$ > \"$1/script.tmp\"\nmv \"$1/script.tmp\" \"$1/script\"\nsleep 90\n")
        let channel = ExecChannel(name: "sms", command: [script, directory.url.path], timeout: .seconds(60))
        let started = ContinuousClock.now
        let task = Task { await channel.deliver(ExecChannelTests.reminder) }
        while !FileManager.default.fileExists(atPath: directory.path("script")) {
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        let outcome = await task.value
        #expect(ContinuousClock.now - started < .seconds(45), "well before the script's 90 s sleep ends")
        #expect(outcome == .failed(reason: "cancelled (ccsd is stopping); process group terminated", detail: ""))
        let pid = try #require(Int32(try directory.read("script").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(processIsGone(pid))
    }
}
