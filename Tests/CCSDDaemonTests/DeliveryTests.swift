import CCSDDaemon
import CCSDNotify
import CCSDStore
import Foundation
import Logging
import Testing

@Suite("Notifications reach people, exactly once, through a real exec channel")
struct DeliveryTests {
    /// The quick policy with its reminder and escalation sent over the "sms" channel.
    static let policy = DaemonFixture.quickPolicy
        .replacingOccurrences(
            of: "template = \"reminder-soon\"", with: "template = \"reminder-soon\"\nchannels = [\"sms\"]"
        )
        .replacingOccurrences(
            of: "template = \"missed-officer\"", with: "template = \"missed-officer\"\nchannels = [\"sms\"]")

    static let templates = """
        [reminder-soon]
        text = "Please report by phone before {closes} ({obligation})."
        [missed-officer]
        text = "{case_id} {name} missed {obligation}, due {deadline}."
        [resolved-notice]
        text = "{case_id}: resolved."
        [delivery-failed]
        text = "{case_id}: a message could not be delivered."
        """

    /// A gateway script that appends what it got to a log and fails its first `failures` calls.
    static func gateway(in directory: URL, failures: Int) throws -> (script: String, log: URL) {
        let log = directory.appendingPathComponent("gateway.log")
        let counter = directory.appendingPathComponent("calls")
        let script = directory.appendingPathComponent("gateway.sh")
        try """
        #!/bin/sh
        n=$(cat "\(counter.path)" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\(counter.path)"
        if [ $n -le \(failures) ]; then echo "gateway busy" >&2; exit 75; fi
        { printf '%s|%s|%s|%s|' "$CCSD_EVENT" "$CCSD_RECIPIENT" "$CCSD_PERSON" "${CCSD_PHONE:-none}"; cat; echo; } >> "\(log.path)"
        echo sent
        """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return (script.path, log)
    }

    static func dispatcher(
        _ fixture: DaemonFixture, _ caseload: Caseload, script: String, maxAttempts: Int = 5
    ) throws -> Dispatcher {
        let (templates, problems) = MessageTemplates.load(files: ["templates/en.toml": Self.templates])
        precondition(problems.isEmpty, "\(problems)")
        return Dispatcher(
            store: try Store(path: fixture.databasePath), caseload: caseload,
            channels: ["sms": ExecChannel(name: "sms", command: [script], timeout: .seconds(10))], templates: templates,
            settings: .init(language: "en", maxAttempts: maxAttempts, retryAfter: .seconds(60)), doorbell: Doorbell(),
            clock: fixture.clock, logger: Logger(label: "test"))
    }

    static func lines(_ log: URL) -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("a reminder and the escalation arrive once with their text; a restart delivers nothing twice")
    func exactlyOnce() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(Self.policy)
        let (script, log) = try Self.gateway(in: fixture.directory, failures: 0)
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            // The daemon dies here: the reminder is in the outbox, not delivered.
        }
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            let dispatcher = try Self.dispatcher(fixture, caseload, script: script)
            await dispatcher.deliverDue()
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:15:30+08:00"))
            try await caseload.runDue()
            await dispatcher.deliverDue()
            await dispatcher.deliverDue()
        }
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            await (try Self.dispatcher(fixture, caseload, script: script)).deliverDue()
        }
        let got = Self.lines(log)
        #expect(
            got == [
                "reminder|person|JX-2026-0042|13800000000|Please report by phone before 2026-12-01 09:15 (ping).",
                "escalation|officer|JX-2026-0042|none|JX-2026-0042 张三 missed ping, due 2026-12-01 09:15.",
            ])
        let events = try fixture.events()
        #expect(events.filter { $0.type == "delivery" }.map { $0.fields["result"] } == ["delivered", "delivered"])
        #expect(!events.flatMap(\.fields.values).contains { $0.contains("张三") || $0.contains("13800000000") })
    }

    @Test("a gateway that fails twice then succeeds: delivered once after retries; one that always fails: failed")
    func retries() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(Self.policy)
        let (script, log) = try Self.gateway(in: fixture.directory, failures: 2)
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            let dispatcher = try Self.dispatcher(fixture, caseload, script: script)
            var next = await dispatcher.deliverDue()
            #expect(next == DaemonFixture.instant("2026-12-01T09:10:30+08:00"))  // retry after 60 s
            fixture.clock.set(next!)
            next = await dispatcher.deliverDue()
            #expect(next == DaemonFixture.instant("2026-12-01T09:12:30+08:00"))  // then after 120 s
            fixture.clock.set(next!)
            #expect(await dispatcher.deliverDue() == nil)
        }
        #expect(Self.lines(log).count == 1)
        #expect(
            try fixture.events().filter { $0.type == "delivery" }.map { $0.fields["result"] } == [
                "pending", "pending", "delivered",
            ])

        let broken = try DaemonFixture()
        try broken.writePolicy(Self.policy)
        let (failing, _) = try Self.gateway(in: broken.directory, failures: 100)
        try await broken.run(channels: ["sms"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            broken.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            let dispatcher = try Self.dispatcher(broken, caseload, script: failing, maxAttempts: 2)
            let next = await dispatcher.deliverDue()
            broken.clock.set(next!)
            #expect(await dispatcher.deliverDue() == nil)
            let records = try caseload.deliveries(.init(failedOnly: true))
            #expect(records.count == 1 && records[0].attempts == 2 && records[0].lastError?.contains("75") == true)
        }
        let failed = try #require(try broken.events().first { $0.type == "delivery-failed" })
        #expect(failed.fields["channel"] == "sms" && failed.fields["person"] == "JX-2026-0042")
    }

    @Test("quiet hours hold a reminder until they end; past the daily cap reminders are skipped")
    func quietHoursAndCap() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(
            Self.policy.replacingOccurrences(
                of: "time-zone = \"Asia/Shanghai\"",
                with: "time-zone = \"Asia/Shanghai\"\nquiet-hours = \"09:00-09:12\"\nmax-reminders-per-day = 1"))
        let (script, log) = try Self.gateway(in: fixture.directory, failures: 0)
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            let dispatcher = try Self.dispatcher(fixture, caseload, script: script)
            #expect(await dispatcher.deliverDue() == DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            #expect(Self.lines(log).isEmpty, "held in quiet hours")
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:12:00+08:00"))
            await dispatcher.deliverDue()
            #expect(Self.lines(log).count == 1)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:19:30+08:00"))
            try await caseload.runDue()
            await dispatcher.deliverDue()
            #expect(
                Self.lines(log).filter { $0.hasPrefix("reminder") }.count == 1, "the second reminder is over the cap")
        }
        #expect(try fixture.events().contains { $0.type == "delivery" && $0.fields["result"] == "skipped" })
    }
}
