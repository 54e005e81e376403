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
        text = "[{case_id}][{name}][{obligation}][{step}][{incident}][{deadline}] not delivered"
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
        _ fixture: DaemonFixture, _ caseload: Caseload, script: String, maxAttempts: Int = 5, channel: String = "sms"
    ) throws -> Dispatcher {
        try dispatcher(fixture, caseload, scripts: [channel: script], maxAttempts: maxAttempts, timeout: .seconds(10))
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

    @Test("a person's reminder in their language with the obligation's title; the officer's in the office's")
    func personLanguage() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(
            Self.policy.replacingOccurrences(
                of: "id = \"ping\"", with: "id = \"ping\"\ntitle = { zh-CN = \"电话报到\", en = \"phone report\" }"))
        // One file per message: deliveries may run side by side.
        let outbox = fixture.directory.appendingPathComponent("messages")
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        let script = fixture.directory.appendingPathComponent("gateway.sh").path
        try """
        #!/bin/sh
        { printf '%s|%s|%s|%s|' "$CCSD_EVENT" "$CCSD_RECIPIENT" "$CCSD_PERSON" "${CCSD_PHONE:-none}"; cat; } \\
            > "\(outbox.path)/$CCSD_NOTIFICATION_ID"
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let chinese = """
            [reminder-soon]
            text = "请于{closes}前完成{obligation}。"
            [missed-officer]
            text = "{name}（{case_id}）未完成{obligation}。"
            """
        let (templates, problems) = MessageTemplates.load(files: [
            "templates/en.toml": Self.templates, "templates/zh-CN.toml": chinese,
        ])
        #expect(problems.isEmpty)
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            _ = try await caseload.addPerson(
                .init(
                    caseID: "JX-1", name: "Li", phone: "13900000000", policy: "quick", officer: "officer1",
                    supervisionStart: "2026-12-01T09:00:00+08:00", language: "EN"), caller: CaseloadTests.admin)
            _ = try await CaseloadTests.add(caseload)  // JX-2026-0042: the office's language
            await #expect(throws: RequestError.self) {
                try await caseload.updatePerson(.init(caseID: "JX-1", language: "fr"), caller: CaseloadTests.admin)
            }
            #expect(try await caseload.person("JX-1").person.language == "en")
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:15:30+08:00"))
            try await caseload.runDue()
            let dispatcher = Dispatcher(
                store: try Store(path: fixture.databasePath), caseload: caseload,
                channels: ["sms": ExecChannel(name: "sms", command: [script], timeout: .seconds(10))],
                templates: LoadedTemplates(templates), settings: .init(language: "zh-CN"), doorbell: Doorbell(),
                clock: fixture.clock,
                logger: Logger(label: "test"))
            await dispatcher.deliverDue()
        }
        let got = Set(
            try FileManager.default.contentsOfDirectory(atPath: outbox.path).map {
                try String(contentsOf: outbox.appendingPathComponent($0), encoding: .utf8)
            })
        #expect(
            got.contains(
                "reminder|person|JX-1|13900000000|Please report by phone before 2026-12-01 09:15 (phone report)."))
        #expect(got.contains("reminder|person|JX-2026-0042|13800000000|请于2026-12-01 09:15前完成电话报到。"))
        #expect(got.contains("escalation|officer|JX-1|none|Li（JX-1）未完成电话报到。"))
        #expect(got.count == 4, "\(got)")
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

    @Test("a notification for a channel ccsd did not load fails at once: retrying cannot help")
    func unknownChannelFailsAtOnce() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(Self.policy)
        let (script, log) = try Self.gateway(in: fixture.directory, failures: 0)
        // The caseload queues for "sms"; this dispatcher only has "other", as if ccsd.conf had changed.
        try await fixture.run(channels: ["sms"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            let dispatcher = try Self.dispatcher(fixture, caseload, script: script, channel: "other")
            #expect(await dispatcher.deliverDue() == nil, "nothing left to retry")
            let records = try caseload.deliveries(.init(failedOnly: true))
            #expect(records.count == 1 && records[0].attempts == 1)
            #expect(records[0].lastError?.contains("no channel \"sms\"") == true)
        }
        #expect(Self.lines(log).isEmpty)
        #expect(try fixture.events().filter { $0.type == "delivery-failed" }.count == 1)
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

    /// A dispatcher over exec channels by name (program paths), with the test templates.
    static func dispatcher(
        _ fixture: DaemonFixture, _ caseload: Caseload, scripts: [String: String], maxAttempts: Int = 5,
        failureChannel: String? = nil, concurrency: Int = 4, timeout: Duration = .seconds(300)
    ) throws -> Dispatcher {
        let (templates, problems) = MessageTemplates.load(files: ["templates/en.toml": Self.templates])
        precondition(problems.isEmpty, "\(problems)")
        return Dispatcher(
            store: try Store(path: fixture.databasePath), caseload: caseload,
            channels: Dictionary(
                uniqueKeysWithValues: scripts.map { ($0, ExecChannel(name: $0, command: [$1], timeout: timeout)) }),
            templates: LoadedTemplates(templates),
            settings: .init(
                language: "en", maxAttempts: maxAttempts, retryAfter: .seconds(60), failureChannel: failureChannel,
                defaultConcurrency: concurrency),
            doorbell: Doorbell(), clock: fixture.clock, logger: Logger(label: "test"))
    }

    /// A gateway script that says it started, then waits for a gate file before it records the message.
    static func gatedGateway(in directory: URL) throws -> (script: String, started: URL, gate: URL, log: URL) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let started = directory.appendingPathComponent("started")
        let gate = directory.appendingPathComponent("gate")
        let log = directory.appendingPathComponent("gateway.log")
        let script = directory.appendingPathComponent("gated.sh")
        try """
        #!/bin/sh
        touch "\(started.path)"
        while [ ! -e "\(gate.path)" ]; do sleep 0.05; done
        { printf '%s|%s|' "$CCSD_EVENT" "$CCSD_RECIPIENT"; cat; echo; } >> "\(log.path)"
        echo sent
        """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return (script.path, started, gate, log)
    }

    /// Waits (without blocking the pool) until `condition` holds; a guard against hanging, not a timing assertion.
    static func eventually(_ what: String, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while try !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("gave up waiting: \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("a hung channel does not hold up another channel's message; stopping abandons its attempt, not counted")
    func hungChannelIsolated() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(
            DaemonFixture.quickPolicy.replacingOccurrences(
                of: "template = \"reminder-soon\"",
                with: "template = \"reminder-soon\"\nchannels = [\"slow\", \"fast\"]"
            ))
        let slow = try Self.gatedGateway(in: fixture.directory.appendingPathComponent("slow"))
        try FileManager.default.createDirectory(
            at: fixture.directory.appendingPathComponent("fast"), withIntermediateDirectories: true)
        let fast = try Self.gateway(in: fixture.directory.appendingPathComponent("fast"), failures: 0)
        try await fixture.run(channels: ["slow", "fast"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:09:30+08:00"))
            try await caseload.runDue()
            let rows = try caseload.deliveries(.init()).sorted { $0.id < $1.id }
            // The slow channel's row comes first: one lane for everything would have it hold up the other.
            #expect(rows.map(\.channel) == ["slow", "fast"])
            // One message per channel at a time: the slow channel gets no second lane to hide behind.
            let dispatcher = try Self.dispatcher(
                fixture, caseload, scripts: ["slow": slow.script, "fast": fast.script], concurrency: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await dispatcher.run() }
                try await Self.eventually("the fast channel delivers while the slow one hangs") {
                    let fastDelivered = try caseload.deliveries(.init()).contains {
                        $0.channel == "fast" && $0.state == "delivered"
                    }
                    return fastDelivered && FileManager.default.fileExists(atPath: slow.started.path)
                }
                #expect(Self.lines(slow.log).isEmpty, "the slow gateway is still waiting for its gate")
                // A graceful stop while the slow attempt is under way.
                group.cancelAll()
                try await group.waitForAll()
            }
            let slowRow = try #require(try caseload.deliveries(.init()).first { $0.channel == "slow" })
            #expect(slowRow.state == "pending" && slowRow.attempts == 0, "abandoned, not counted, due again")
            try Data().write(to: slow.gate)
            await dispatcher.deliverDue()
        }
        #expect(Self.lines(fast.log).count == 1)
        #expect(Self.lines(slow.log) == ["reminder|person|Please report by phone before 2026-12-01 09:15 (ping)."])
        let deliveries = try fixture.events().filter { $0.type == "delivery" }.map {
            "\($0.fields["channel"] ?? "")/\($0.fields["result"] ?? "")/\($0.fields["attempt"] ?? "")"
        }
        // In order: the fast channel's delivery, then the slow attempt abandoned by the stop, then its retry.
        #expect(deliveries == ["fast/delivered/1", "slow/abandoned/1", "slow/delivered/1"])
        let records = try Store(path: fixture.databasePath).outbox(failedOnly: false, limit: 10)
        #expect(records.allSatisfy { $0.state == "delivered" && $0.attempts == 1 })
    }

    @Test("the officer's notice of a failed message says what failed: no placeholder renders empty")
    func failureNoticeFilled() async throws {
        let fixture = try DaemonFixture()
        try fixture.writePolicy(
            DaemonFixture.quickPolicy.replacingOccurrences(
                of: "template = \"missed-officer\"", with: "template = \"missed-officer\"\nchannels = [\"dead\"]"))
        let deadDirectory = fixture.directory.appendingPathComponent("dead")
        try FileManager.default.createDirectory(at: deadDirectory, withIntermediateDirectories: true)
        let dead = try Self.gateway(in: deadDirectory, failures: 100)
        let pager = try Self.gateway(in: fixture.directory, failures: 0)
        try await fixture.run(channels: ["dead", "pager"]) { caseload, _ in
            _ = try await CaseloadTests.add(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:15:30+08:00"))
            try await caseload.runDue()
            let dispatcher = try Self.dispatcher(
                fixture, caseload, scripts: ["dead": dead.script, "pager": pager.script], maxAttempts: 1,
                failureChannel: "pager")
            await dispatcher.deliverDue()
        }
        let incident = try #require(try fixture.events().first { $0.type == "escalation" }?.fields["incident"])
        #expect(
            Self.lines(pager.log) == [
                "delivery-failed|officer|JX-2026-0042|none|[JX-2026-0042][张三][ping][1][\(incident)]"
                    + "[2026-12-01 09:15] not delivered"
            ])
        #expect(!Self.lines(pager.log).joined().contains("[]"))
    }
}
