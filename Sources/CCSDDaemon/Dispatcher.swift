import CCSDNotify
import CCSDStore
import CCSDTime
import Foundation
import Logging
import ServiceLifecycle

/// Delivers the outbox: every notification at least once, retried with exponential backoff up to a limit, then
/// marked failed (which is itself an event, and goes to the officer on the failure channel). Every attempt is an
/// event in the log and the journal. Sleeps until the next retry or until a commit rings; never polls.
public struct Dispatcher: Service {
    /// How notifications are worded and retried (from ccsd.conf's `[notify]`).
    public struct Settings: Sendable {
        public var language: String
        public var office: String
        public var officePhone: String
        public var maxAttempts: Int
        public var retryAfter: TimeSpan
        public var failureChannel: String?

        public init(
            language: String = "zh-CN", office: String = "", officePhone: String = "", maxAttempts: Int = 5,
            retryAfter: TimeSpan = .seconds(30), failureChannel: String? = nil
        ) {
            self.language = language
            self.office = office
            self.officePhone = officePhone
            self.maxAttempts = maxAttempts
            self.retryAfter = retryAfter
            self.failureChannel = failureChannel
        }
    }

    let store: Store
    let caseload: Caseload
    let channels: [String: any NotificationChannel]
    let templates: MessageTemplates
    let settings: Settings
    let doorbell: Doorbell
    let clock: any WallClock
    let logger: Logger

    public init(
        store: Store, caseload: Caseload, channels: [String: any NotificationChannel], templates: MessageTemplates,
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
            while !Task.isCancelled {
                let next = await deliverDue()
                let wait = next.map { max(0, ($0 - clock.now()).microseconds) } ?? 60_000_000
                await doorbell.wait(timeout: .microseconds(min(wait, 60_000_000)))
            }
        }
    }

    /// Delivers every notification due now, one after another; returns when the next retry is due, if any.
    @discardableResult
    public func deliverDue() async -> Instant? {
        while true {
            let now = clock.now()
            let pending: [OutboxRow]
            do {
                pending = try store.pendingOutbox(limit: 200)
            } catch {
                logger.error("cannot read the outbox: \(error)")
                return now + .seconds(30)
            }
            let due = pending.filter { $0.nextAttempt <= now.microseconds }
            if due.isEmpty { return pending.first.map { Instant(microseconds: $0.nextAttempt) } }
            for row in due where !Task.isCancelled { await deliver(row) }
            if Task.isCancelled { return nil }
        }
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
                try store.deferOutbox(id: row.id, until: until.microseconds)
                return true
            }
            if let cap = contact.maxRemindersPerDay, let caseID = row.caseID,
                try store.deliveredReminders(to: caseID, since: zone.startOfDay(local.date).microseconds) >= cap
            {
                try store.skipOutbox(id: row.id, reason: "daily cap of \(cap) reminders reached")
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

    func deliver(_ row: OutboxRow) async {
        let now = clock.now()
        let attempt = row.attempts + 1
        let outcome: DeliveryOutcome
        let contact = await caseload.contact(row.caseID)
        if row.recipient == "person" && row.event == "reminder", await held(row, contact: contact, now: now) { return }
        if let channel = channels[row.channel] {
            var values = row.values
            values["office"] = settings.office
            values["office_phone"] = settings.officePhone
            if row.recipient != "person" { values["name"] = contact.name ?? "" }
            // The person's own messages in their language; officers' and supervisors' in the office's.
            let language = row.recipient == "person" ? contact.language ?? settings.language : settings.language
            if let message = templates.render(row.template, language: language, values: values) {
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
                outcome = .failed(reason: "no template \"\(row.template)\" in any language", detail: "")
            }
        } else {
            outcome = .failed(reason: "no channel \"\(row.channel)\" in ccsd.conf", detail: "")
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
            if attempt >= settings.maxAttempts {
                state = "failed"
            } else {
                state = "pending"
                let backoff = settings.retryAfter * Int64(1 << min(attempt - 1, 20))
                retryAt = (now + backoff).microseconds
            }
        }
        detail = String(detail.prefix(4096))
        do {
            try store.recordAttempt(
                id: row.id, state: state, retryAt: retryAt, error: error, detail: detail, at: now.microseconds)
        } catch {
            logger.error("cannot record delivery \(row.id): \(error)")
        }
        await caseload.auditDelivery(
            row, attempt: attempt, state: state, error: error,
            failureChannel: state == "failed" ? settings.failureChannel : nil)
    }
}
