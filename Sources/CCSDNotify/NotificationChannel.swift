/// A way to deliver a rendered notification: a program (`ExecChannel`), a webhook (`WebhookChannel`), …
public protocol NotificationChannel: Sendable {
    /// The channel's name in `ccsd.conf` and in policies (e.g. "sms").
    var name: String { get }
    /// Makes one delivery attempt. Never throws and never crashes: every failure is a `.failed` outcome.
    /// Retries and backoff are the caller's business.
    func deliver(_ notification: Notification) async -> DeliveryOutcome
}

extension Duration {
    /// The duration in systemd's spelling, for messages: "500ms", "10s", "2min".
    var spelled: String {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 60_000 == 0 && millis > 0 { return "\(millis / 60_000)min" }
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(millis)ms"
    }

    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
