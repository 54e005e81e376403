/// The journal `MESSAGE_ID` of every ccsd event type: one fixed 128-bit id each, explained in `units/ccsd.catalog`.
///
/// The ids are lowercase hex without dashes, the form journald and `journalctl MESSAGE_ID=…` use.
/// Never change an id once released: administrators filter on them and the catalog is keyed by them.
public enum MessageID {
    /// The daemon loaded its state, bound or adopted its socket and is ready.
    public static let daemonStarted = "0602695ee8d340ecbc70bd07c8754645"
    /// The daemon is shutting down.
    public static let daemonStopping = "cd346382378e4d3b990ea31e864f141c"
    /// A reload validated every policy and applied the new set.
    public static let policyReloaded = "dab6c08b0f064e20b1223a199063022a"
    /// A reload found an invalid policy and kept the old set.
    public static let policyReloadFailed = "b4a8aae73142452196c22070e08ef8ba"
    /// A supervised person was added to the caseload.
    public static let personAdded = "cc70c3263db54d1c915393f22ae79623"
    /// A supervised person's record (officer, policy, contact data) changed.
    public static let personUpdated = "ae468082c91245089f9f88c6ee42cff0"
    /// A check-in was recorded and satisfied an open occurrence.
    public static let checkIn = "d3ba7e6ab5c64716a7c7cf3894bc7fc5"
    /// A check-in was recorded but no open occurrence of its kind matched.
    public static let unmatchedCheckIn = "15b8e2b6c16b4afd8aa69f64adc5e667"
    /// A reporting window opened.
    public static let windowOpened = "616a31c7862d45f78e1a4b1531af1618"
    /// A reminder before a due report was fired.
    public static let reminder = "ab6d7e19941442809db84e421356bc5f"
    /// An occurrence closed with an outcome (on-time, late, excused).
    public static let outcome = "aa53dfa3d56542498f35ec11a0e96192"
    /// A reporting window closed without a check-in; an incident opened.
    public static let missed = "ccb19fe2efa8410f9090f62c05789843"
    /// An incident walked one step up its escalation ladder.
    public static let escalation = "9bb27a9668424a5eae364f07763a8e1a"
    /// An officer acknowledged an incident.
    public static let acknowledged = "78a4438cbc764bbd9bb1fde8ed067fab"
    /// An incident was resolved (by an officer or a late check-in).
    public static let resolved = "13fc4fe8ee0d4fb7ba564172ddc38fa3"
    /// The sanction ladder proposed a sanction; an officer must decide.
    public static let proposal = "40aeeb7f967f49cd98b10b854a01aee6"
    /// An officer recorded a decision on a sanction proposal.
    public static let decision = "2e2a22e8269c43eeb396bd59750bf2aa"
    /// A person's supervision ended; no further obligations are scheduled.
    public static let supervisionEnded = "18f785b22d8840638a8d487aa25d11de"
    /// A person was moved to another policy.
    public static let policyChanged = "ebbffc0434cc445ab0f802fbed99a0b9"
    /// An approved leave (请假) was recorded.
    public static let leaveAdded = "15038b82cf3148dc8463fe9007312144"
    /// An approved leave was cancelled.
    public static let leaveCancelled = "1fafbf6bb6484d989640b9f008aae105"
    /// A single occurrence was excused.
    public static let excused = "e72987a6ecc24c67b84042a292febc3a"
    /// A caller without the required role was refused.
    public static let permissionDenied = "05bb87f9644d4dfba8aa4aa5f70b1c05"
    /// Actions due while the daemon was down were fired once at start, dated at their deadlines.
    public static let caughtUp = "32a9f88e396b467db0c40244c47f57f5"
    /// A mistaken check-in was voided; the person's windows were re-evaluated without it.
    public static let checkInCorrected = "ac44764ab1694b25a1ff51606d35c562"
    /// Supervision was suspended (custody, hospital): windows are excused until resumed.
    public static let suspended = "e6bdd95e189540dda83cd349ba44d062"
    /// One attempt to deliver a notification (reminder, escalation, resolved notice) through a channel.
    public static let delivery = "7e5ccac9b8184cac96a3b2e1c16eb925"
    /// A notification could not be delivered after every attempt.
    public static let deliveryFailed = "81ee0422e1b34e868a3fa7bd120d3891"
    /// A suspended supervision was resumed.
    public static let resumed = "af8634ae9fc641d2b494c427b6f7b75c"

    /// Every event name (as in `CCSD_EVENT=`) with its message id, in catalog order.
    public static let all: [(event: String, id: String)] = [
        ("daemon-started", daemonStarted),
        ("daemon-stopping", daemonStopping),
        ("policy-reloaded", policyReloaded),
        ("policy-reload-failed", policyReloadFailed),
        ("person-added", personAdded),
        ("person-updated", personUpdated),
        ("check-in", checkIn),
        ("unmatched-check-in", unmatchedCheckIn),
        ("window-opened", windowOpened),
        ("reminder", reminder),
        ("outcome", outcome),
        ("missed", missed),
        ("escalation", escalation),
        ("acknowledged", acknowledged),
        ("resolved", resolved),
        ("proposal", proposal),
        ("decision", decision),
        ("supervision-ended", supervisionEnded),
        ("policy-changed", policyChanged),
        ("leave-added", leaveAdded),
        ("leave-cancelled", leaveCancelled),
        ("excused", excused),
        ("permission-denied", permissionDenied),
        ("caught-up", caughtUp),
        ("check-in-corrected", checkInCorrected),
        ("suspended", suspended),
        ("resumed", resumed),
        ("delivery", delivery),
        ("delivery-failed", deliveryFailed),
    ]

    private static let byEvent: [String: String] = Dictionary(uniqueKeysWithValues: all.map { ($0.event, $0.id) })

    /// The message id of an event name such as `"check-in"`; nil for a name ccsd does not define.
    public static func forEvent(_ name: String) -> String? {
        byEvent[name]
    }
}
