import CCSDNotify
import CCSDStore
import CCSDTime
import Foundation
import Logging
import ServiceLifecycle

/// Delivers the outbox: every notification at least once, retried with exponential backoff up to a limit, then
/// marked failed (which is itself an event, and goes to the officer on the failure channel). Every attempt is an
/// event in the log and the journal. Sleeps until the next retry, a commit's ring or a delivery's end; never polls.
///
/// Deliveries run concurrently, as child tasks of the run loop: each channel has lanes of its own (`concurrency`,
/// default 4), so a slow or hung channel delays only its own messages (see `DeliveryLanes`). On a graceful stop the
/// attempts under way are cancelled (a program's process group is terminated, a request dropped); one that did not
/// get through is recorded as `abandoned`, not counted, and the row stays due, so it is sent again after the restart.
public struct Dispatcher: Service {
    /// How notifications are worded and retried (from ccsd.conf's `[notify]`).
    public struct Settings: Sendable {
        public var language: String
        public var office: String
        public var officePhone: String
        public var maxAttempts: Int
        public var retryAfter: TimeSpan
        public var failureChannel: String?
        /// Deliveries at once per channel (`[channel.NAME] concurrency`); a channel not named gets
        /// `defaultConcurrency`.
        public var concurrency: [String: Int]
        public var defaultConcurrency: Int

        public init(
            language: String = "zh-CN", office: String = "", officePhone: String = "", maxAttempts: Int = 5,
            retryAfter: TimeSpan = .seconds(30), failureChannel: String? = nil, concurrency: [String: Int] = [:],
            defaultConcurrency: Int = 4
        ) {
            self.language = language
            self.office = office
            self.officePhone = officePhone
            self.maxAttempts = maxAttempts
            self.retryAfter = retryAfter
            self.failureChannel = failureChannel
            self.concurrency = concurrency
            self.defaultConcurrency = defaultConcurrency
        }

        /// Deliveries at once on `channel`, at least 1.
        public func capacity(_ channel: String) -> Int { max(1, concurrency[channel] ?? defaultConcurrency) }
    }

    let store: Store
    let caseload: Caseload
    let channels: [String: any NotificationChannel]
    let templates: LoadedTemplates
    let settings: Settings
    let doorbell: Doorbell
    let clock: any WallClock
    let logger: Logger

    public init(
        store: Store, caseload: Caseload, channels: [String: any NotificationChannel], templates: LoadedTemplates,
        settings: Settings, doorbell: Doorbell, clock: any WallClock, logger: Logger
    ) {
        self.store = store
        self.caseload = caseload
        self.channels = channels
        self.templates = templates
        self.settings = settings
        self.doorbell = doorbell
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            _ = await pump(untilIdle: false)
        }
    }

    /// Delivers every notification due now, concurrently as in `run`, and waits for them; returns when the next
    /// retry is due, if any.
    @discardableResult
    public func deliverDue() async -> Instant? {
        await pump(untilIdle: true)
    }

    /// What ended a child task of the run loop.
    enum Ended: Sendable {
        case delivery(Int64)
        case woken
    }

    /// The run loop: starts every due row a lane is free for, each as a child task, then waits for a delivery to
    /// end, the doorbell, or the next retry. `untilIdle`: returns once nothing is due or under way (no doorbell).
    /// When cancelled, starts nothing more and waits for the attempts under way, which see the cancellation.
    func pump(untilIdle: Bool) async -> Instant? {
        await withTaskGroup(of: Ended.self) { group in
            var lanes = DeliveryLanes(capacity: { [settings] in settings.capacity($0) })
            // The doorbell waiter in the group, if any, and when its timeout ends.
            var waker: Instant?
            while !Task.isCancelled {
                let now = clock.now()
                var next: Instant?
                do {
                    let pending = try store.pendingOutboxByChannel(
                        limits: lanes.readLimits(channels: channels.keys), otherwise: settings.defaultConcurrency)
                    let capped = await cappedPersons(pending)
                    let admitted = lanes.admit(pending, now: now.microseconds, capped: capped)
                    for row in admitted.start {
                        group.addTask {
                            await deliver(row)
                            return .delivery(row.id)
                        }
                    }
                    next = admitted.next.map { Instant(microseconds: $0) }
                } catch {
                    logger.error("cannot read the outbox: \(error)")
                    next = now + .seconds(30)
                }
                if untilIdle {
                    if lanes.isEmpty { return next }
                } else {
                    // A retry is re-checked at least once a minute (the wall clock can be stepped); with nothing
                    // to retry only the doorbell (a commit with notifications) wakes the loop.
                    let until = next.map { min($0, now + .seconds(60)) } ?? now + .days(1)
                    if let waker, until < waker {
                        doorbell.ring()  // the waiter sleeps too long: wake it, and wait again below
                    } else if waker == nil {
                        waker = until
                        group.addTask {
                            await doorbell.wait(timeout: .microseconds(max(0, (until - clock.now()).microseconds)))
                            return .woken
                        }
                    }
                }
                switch await group.next() {
                case .delivery(let id)?: lanes.finish(id)
                case .woken?: waker = nil
                case nil: return next
                }
            }
            return nil
        }
    }

    /// Persons with a due reminder whose policy caps reminders per day (their reminders go one at a time).
    func cappedPersons(_ pending: [String: [OutboxRow]]) async -> Set<String> {
        var capped: Set<String> = []
        let cases = Set(pending.values.joined().filter(DeliveryLanes.isPersonReminder).compactMap(\.caseID))
        for caseID in cases where await caseload.contact(caseID).maxRemindersPerDay != nil {
            capped.insert(caseID)
        }
        return capped
    }

    /// Quiet hours and the daily cap, for reminders to the person: a reminder due in quiet hours waits until they
    /// end (no attempt counted); one past the day's cap is skipped. True when the row was held back.
    func held(_ row: OutboxRow, contact: Caseload.Contact, now: Instant) async -> Bool {
        guard let zone = contact.zone else { return false }
        let local = zone.localDateTime(at: now)
        let minute = local.hour * 60 + local.minute
        do {
            if let quiet = contact.quietHours, quiet.contains(minute: minute) {
                let until = now + .minutes(Int64(quiet.minutesLeft(from: minute))) - .seconds(Int64(local.second))
                try await store.deferOutbox(id: row.id, until: until.microseconds)
                return true
            }
            if let cap = contact.maxRemindersPerDay, let caseID = row.caseID,
                try store.deliveredReminders(to: caseID, since: zone.startOfDay(local.date).microseconds) >= cap
            {
                try await store.skipOutbox(id: row.id, reason: "daily cap of \(cap) reminders reached")
                await caseload.auditDelivery(
                    row, attempt: row.attempts, state: "skipped", error: "daily cap of \(cap) reminders reached",
                    failureChannel: nil)
                return true
            }
        } catch {
            logger.error("cannot hold back notification \(row.id): \(error)")
        }
        return false
    }

    /// One attempt at one row, in its lane: held back, or sent and recorded with its outcome, then audited.
    func deliver(_ row: OutboxRow) async {
        let now = clock.now()
        let attempt = row.attempts + 1
        let outcome: DeliveryOutcome
        // Templates and channels are read at start: without them a retry cannot succeed, so the row fails at once.
        var permanent = false
        let contact = await caseload.contact(row.caseID)
        if row.recipient == "person" && row.event == "reminder", await held(row, contact: contact, now: now) { return }
        if let channel = channels[row.channel] {
            var values = row.values
            values["office"] = settings.office
            values["office_phone"] = settings.officePhone
            if row.recipient != "person" { values["name"] = contact.name ?? "" }
            // The person's own messages in their language; officers' and supervisors' in the office's.
            let language = row.recipient == "person" ? contact.language ?? settings.language : settings.language
            if let message = templates.current.render(row.template, language: language, values: values) {
                let address =
                    row.recipient == "person" ? contact.phone : row.recipient == "officer" ? contact.officer : nil
                var fields = row.values
                fields["template"] = row.template
                fields["language"] = language
                outcome = await channel.deliver(
                    Notification(
                        id: row.id, event: row.event, caseID: row.caseID, recipient: row.recipient, address: address,
                        message: message, fields: fields))
            } else {
                outcome = .failed(
                    reason: "no template \"\(row.template)\" in the templates in force (reload ccsd after changing "
                        + "templates/)", detail: "")
                permanent = true
            }
        } else {
            outcome = .failed(
                reason: "no channel \"\(row.channel)\" in the ccsd.conf loaded at start", detail: "")
            permanent = true
        }
        if Task.isCancelled, case .failed(let reason, _) = outcome {
            // ccsd is stopping: the row stays as it was (due, this attempt not counted), to be sent after the restart.
            await caseload.auditDelivery(
                row, attempt: attempt, state: "abandoned", error: reason, failureChannel: nil)
            return
        }
        let state: String
        var retryAt: Int64?
        var error: String?
        var detail: String
        switch outcome {
        case .delivered(let text):
            state = "delivered"
            detail = text
        case .failed(let reason, let text):
            error = reason
            detail = text
            if attempt >= settings.maxAttempts || permanent {
                state = "failed"
            } else {
                state = "pending"
                let backoff = settings.retryAfter * Int64(1 << min(attempt - 1, 20))
                retryAt = (now + backoff).microseconds
            }
        }
        detail = String(detail.prefix(4096))
        do {
            try await store.recordAttempt(
                id: row.id, state: state, retryAt: retryAt, error: error, detail: detail, at: now.microseconds)
        } catch {
            logger.error("cannot record delivery \(row.id): \(error)")
        }
        await caseload.auditDelivery(
            row, attempt: attempt, state: state, error: error,
            failureChannel: state == "failed" ? settings.failureChannel : nil)
    }
}
