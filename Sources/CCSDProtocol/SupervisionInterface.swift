/// The Varlink interface `io.ccsd.Supervision`: its description (the reference for integrators) and its names.
public enum SupervisionInterface {
    public static let name = "io.ccsd.Supervision"

    /// Largest request ccsd accepts, in bytes (a Varlink message up to its NUL).
    public static let maxMessageBytes = 1 << 20

    /// Error names, fully qualified.
    public enum Errors {
        public static let personNotFound = "io.ccsd.Supervision.PersonNotFound"
        public static let personExists = "io.ccsd.Supervision.PersonExists"
        public static let policyNotFound = "io.ccsd.Supervision.PolicyNotFound"
        public static let invalidValue = "io.ccsd.Supervision.InvalidValue"
        public static let supervisionEnded = "io.ccsd.Supervision.SupervisionEnded"
        public static let permissionDenied = "io.ccsd.Supervision.PermissionDenied"
        public static let unavailable = "io.ccsd.Supervision.Unavailable"
        public static let incidentNotFound = "io.ccsd.Supervision.IncidentNotFound"
        public static let proposalNotFound = "io.ccsd.Supervision.ProposalNotFound"
        public static let leaveNotFound = "io.ccsd.Supervision.LeaveNotFound"
    }

    /// The interface description, parsed by every Varlink client (`varlinkctl introspect`, Python's `varlink`).
    public static let description = """
        # Supervision of persons under community correction (社区矫正): their reporting windows, check-ins,
        # incidents and sanction proposals. ccsd only proposes sanctions; an officer decides.
        #
        # Times are RFC 3339 strings with an offset ("2026-12-01T09:30:00+08:00"). Durations are systemd
        # spans ("90s", "15min", "2h", "3d"). The caller is identified by its Unix credentials (SO_PEERCRED):
        # root and members of ccsd-admin may do everything, ccsd-officer may record and read, ccsd-auditor may read.
        # Requests larger than 1 MiB are refused.
        interface io.ccsd.Supervision

        # A supervised person as an officer sees them.
        type Person (
          # Case id, e.g. "JX-2026-0042": the only identifier that reaches the journal.
          case_id: string,
          # Full name; kept in ccsd's database only, never logged.
          name: string,
          # Phone number for reminders; kept in the database only.
          phone: ?string,
          # Name of the policy the person follows ("strict", "ordinary", "lenient", ...).
          policy: string,
          # User name of the responsible officer.
          officer: ?string,
          # IANA time zone of the person ("Asia/Shanghai").
          time_zone: string,
          # When supervision started (the judgement took effect).
          supervision_start: string,
          # When supervision ends, if known.
          supervision_end: ?string,
          # Tags obligations may apply to ("temporary-service", "medical-parole", "juvenile").
          tags: []string,
          # "active", "suspended" or "ended".
          status: string,
          # Language of the person's own messages ("zh-CN", "en"); null: the office's ([notify] language).
          language: ?string
        )

        # One reporting window of one obligation.
        type Window (
          # Occurrence id: obligation@opening time in UTC, e.g. "weekly-in-person@2026-12-07T00:30Z".
          occurrence: string,
          # Obligation id from the policy.
          obligation: string,
          # Kind of report: in-person, phone, video, app, health-report, written-report, medical-checkup.
          kind: string,
          # When the window opens.
          opens: string,
          # When it closes; a check-in after this is late.
          closes: string,
          # End of the grace period; without a check-in by then the window is missed.
          deadline: string,
          # "upcoming" or "open".
          state: string
        )

        # What a missed window opened; it escalates until acknowledged and ends when resolved.
        type Incident (
          # Incident id: CASE:occurrence.
          id: string,
          # The missed occurrence.
          occurrence: string,
          # Its obligation id.
          obligation: string,
          # When the window was missed.
          opened: string,
          # "open" or "acknowledged".
          state: string
        )

        # A sanction ccsd proposes and an officer decides.
        type Proposal (
          # Proposal id.
          id: string,
          # "admonition" (训诫), "warning" (警告) or "revocation-review" (提请撤销).
          level: string,
          # Why, in words.
          reason: string,
          # When it was proposed.
          proposed: string
        )

        # One entry of the append-only, hash-chained event log.
        type Event (
          # Sequence number, from 1 without gaps.
          seq: int,
          # When it happened or was due.
          at: string,
          # When it was written.
          recorded: string,
          # Event type: check-in, window-opened, reminder, missed, escalation, proposal, person-added, ...
          type: string,
          # Case id, if the event concerns one person.
          person: ?string,
          # The event's fields (obligation, occurrence, incident, caller_uid, message, ...).
          fields: [string]string,
          # SHA-256 over the previous event's hash and this event, hex.
          hash: string
        )

        # The daemon at a glance.
        type Status (
          # ccsd's version.
          version: string,
          # When the daemon started.
          started: string,
          # Persons under supervision.
          persons: int,
          # Windows open now.
          open_windows: int,
          # Incidents not yet resolved.
          open_incidents: int,
          # Sanction proposals waiting for a decision.
          pending_proposals: int,
          # When the next thing is due, if anything is.
          next_deadline: ?string,
          # Names of the loaded policies.
          policies: []string
        )

        # The status summary (any role).
        method GetStatus() -> (status: Status)

        # Adds a person under supervision (admin). Their windows start with supervision_start.
        method AddPerson(
          # Case id: letters, digits and "-", at most 64 characters.
          case_id: string,
          # Full name.
          name: string,
          # Phone number, for reminders.
          phone: ?string,
          # Policy name.
          policy: string,
          # Responsible officer's user name.
          officer: ?string,
          # IANA time zone; default: the office's.
          time_zone: ?string,
          # When supervision started; may be in the past. Windows are tracked from when the person is added, except
          # the report due from supervision start while its window is still open.
          supervision_start: string,
          # When it ends, if known.
          supervision_end: ?string,
          # Tags obligations may apply to.
          tags: ?[]string,
          # Language of the person's own messages, one the daemon has templates for ("zh-CN", "en"); default:
          # the office's ([notify] language).
          language: ?string
        ) -> (person: Person)

        # Records a check-in (officer). Replies once it is on disk. A check-in outside any open window is
        # recorded too, with outcome "unmatched".
        method RecordCheckIn(
          # Case id.
          case_id: string,
          # in-person, phone, video, app, health-report, written-report or medical-checkup.
          method: string,
          # When the person reported; default now. Not in the future.
          at: ?string,
          # Free text for the record (kept out of the journal).
          note: ?string
        ) -> (
          # "on-time", "late", "resolved" (a late report resolving an incident) or "unmatched".
          outcome: string,
          # The occurrence it satisfied, if any.
          occurrence: ?string,
          # The incident it resolved, if any.
          incident: ?string,
          # When it was written.
          recorded_at: string,
          # Sequence number of the check-in event.
          event_seq: int
        )

        # Voids a mistaken check-in (officer): it stays on record, a correction event says who and why, and the
        # person's windows are re-evaluated without it (a window it satisfied may now be missed).
        method CorrectCheckIn(
          case_id: string,
          # Sequence number of the check-in event (see RecordCheckIn's event_seq or GetEvents).
          event_seq: int,
          # Why; required.
          reason: string
        ) -> (
          # Sequence number of the correction event.
          correction_seq: int,
          # How many actions followed from the correction (misses, escalations, proposals).
          consequences: int
        )

        # A person's record, current windows, open incidents and pending proposals (any role).
        method GetPerson(case_id: string) -> (
          person: Person,
          windows: []Window,
          incidents: []Incident,
          proposals: []Proposal
        )

        # Events in order, all or of one person, after a sequence number; at most limit (default 100, max 10000).
        method GetEvents(case_id: ?string, after_seq: ?int, limit: ?int) -> (events: []Event)

        # Acknowledges an open incident (officer): its escalation stops; it stays open until resolved.
        method Acknowledge(
          # Incident id (CASE:occurrence).
          incident: string,
          # Why, for the record.
          note: ?string
        ) -> ()

        # Resolves an incident (officer), e.g. after reaching the person by other means.
        method Resolve(
          # Incident id.
          incident: string,
          # What was done; required.
          note: string
        ) -> ()

        # Records an officer's decision on a sanction proposal (officer). An accepted admonition or warning counts
        # towards the statutory ladder (2 admonitions → warning, 2 warnings → revocation review, by default).
        method Decide(
          # Proposal id.
          proposal: string,
          # "accept" or "reject".
          decision: string,
          # The reasoning; required.
          note: string
        ) -> ()

        # Approved leave (请假, officer): windows it overlaps are excused as each obligation's on-leave rule says.
        method AddLeave(
          case_id: string,
          # First moment of the leave.
          from: string,
          # End of the leave (exclusive).
          until: string,
          # Where the person goes; kept in the database only, never logged.
          destination: string,
          # Who approved it (user name).
          approver: ?string
        ) -> (leave: Leave)

        # Cancels a leave (officer).
        method CancelLeave(case_id: string, leave_id: string) -> ()

        # A person's leaves, current and future (any role).
        method ListLeaves(case_id: string) -> (leaves: []Leave)

        # Excuses one occurrence, past, open or future (officer).
        method Excuse(
          case_id: string,
          # Occurrence id, e.g. "weekly-in-person@2026-12-07T00:30Z" (see GetPerson or Explain).
          occurrence: string,
          # Why; required.
          reason: string
        ) -> ()

        # Missed and unresolved windows, oldest first (any role); optionally one officer's caseload.
        method ListOverdue(officer: ?string) -> (incidents: []OpenIncident)

        # Windows opening or open within the next span (default "24h"), earliest first (any role).
        method ListUpcoming(within: ?string, officer: ?string) -> (windows: []PersonWindow)

        # Incidents, oldest first (any role): the unresolved ones, and with include_resolved also those resolved
        # since the given day (default: 30 days ago), with how they ended.
        method ListIncidents(
          officer: ?string,
          include_resolved: ?bool,
          # YYYY-MM-DD in the office's time zone.
          since: ?string
        ) -> (incidents: []IncidentRecord)

        # An incident with its person and, once resolved, how.
        type IncidentRecord (
          id: string,
          case_id: string,
          officer: ?string,
          obligation: string,
          # When the window was missed.
          opened: string,
          # "open", "acknowledged" or "resolved".
          state: string,
          # When it was resolved.
          resolved: ?string,
          # How: a late check-in, an excuse, an officer's note, the end of supervision.
          resolution: ?string
        )

        # Sanction proposals waiting for a decision, oldest first (any role).
        method ListProposals(officer: ?string) -> (proposals: []PersonProposal)

        # A person's next windows, reminders and escalation times, and ladder counters, in plain words (any role).
        method Explain(case_id: string) -> (lines: []string)

        # Validates the policy directory and applies it, or keeps the old one (admin).
        method Reload() -> (
          # "applied", "unchanged" or "rejected".
          outcome: string,
          # What is wrong, one line each, as FILE: [table.key]: problem.
          problems: []string
        )

        # Walks the hash chain of the event log (auditor).
        method VerifyAudit() -> (
          # Events checked.
          events: int,
          # True when every link holds.
          intact: bool,
          # Sequence number of the first broken link.
          first_break: ?int,
          # What is wrong with it.
          reason: ?string
        )

        # Approved leave.
        type Leave (
          # Leave id.
          id: string,
          from: string,
          until: string,
          destination: string,
          approver: ?string
        )

        # An unresolved incident with its person, for the overdue queue.
        type OpenIncident (
          id: string,
          case_id: string,
          officer: ?string,
          obligation: string,
          # When the window was missed.
          opened: string,
          # "open" or "acknowledged".
          state: string
        )

        # A window with its person.
        type PersonWindow (
          case_id: string,
          officer: ?string,
          window: Window
        )

        # A pending proposal with its person.
        type PersonProposal (
          case_id: string,
          officer: ?string,
          proposal: Proposal
        )

        # No open incident with this id.
        error IncidentNotFound (incident: string)
        # No pending proposal with this id.
        error ProposalNotFound (proposal: string)
        # No leave with this id.
        error LeaveNotFound (leave_id: string)
        # Changes a person's record (admin). A new policy applies to windows that open from now on; open windows and
        # running incidents keep theirs. The time zone cannot change: end supervision and add the person again.
        method UpdatePerson(
          # Case id.
          case_id: string,
          # Full name.
          name: ?string,
          # Phone number; "" removes it.
          phone: ?string,
          # Responsible officer's user name; "" removes it.
          officer: ?string,
          # Policy name.
          policy: ?string,
          # Language of the person's own messages ("zh-CN", "en"); "" goes back to the office's.
          language: ?string
        ) -> (person: Person)

        # Ends supervision now (admin): open windows are excused, nothing new is scheduled; open incidents stay
        # for officers to resolve.
        method EndSupervision(case_id: string, reason: string) -> (person: Person)

        # Suspends supervision (officer), e.g. while the person is in custody or hospital: windows are excused,
        # no reminders are sent and nothing is proposed until ResumeSupervision.
        method SuspendSupervision(case_id: string, reason: string) -> (person: Person)

        # Resumes a suspended supervision (officer); the time suspended does not count as out of contact.
        method ResumeSupervision(case_id: string) -> (person: Person)

        # Persons, filtered (any role). status: "active", "suspended" or "ended".
        method ListPersons(officer: ?string, policy: ?string, status: ?string, has_open_incident: ?bool) -> (
          persons: []PersonSummary
        )

        # Events as they are written (any role; call with "more"): first those after after_seq (default: none of
        # the past), then each new one, until the client hangs up.
        method FollowEvents(after_seq: ?int) -> (event: Event)

        # Windows that opened in [from, to) by outcome, per person and per officer (any role).
        method ComplianceReport(
          # First day, YYYY-MM-DD, in the office's time zone.
          from: string,
          # Day after the last, YYYY-MM-DD.
          to: string,
          officer: ?string
        ) -> (persons: []ComplianceRow, officers: []ComplianceRow)

        # Adds persons from CSV (admin): a header row naming the columns (case_id, name, policy,
        # supervision_start required; phone, officer, time_zone, supervision_end, tags, language optional, tags
        # separated by ";"), then one person per line. All or nothing: with any problem nobody is added and every problem
        # is listed with its line. dry_run checks without adding. The whole request is limited to 1 MiB.
        method ImportPersons(csv: string, dry_run: ?bool) -> (imported: int, problems: []ImportProblem)

        # The persons as CSV, in the columns ImportPersons reads (admin: it carries names and phones).
        method ExportPersons(officer: ?string) -> (csv: string)

        # One problem of an import.
        type ImportProblem (
          # Line of the CSV text (1 is the header).
          line: int,
          message: string
        )

        # Notifications and their delivery, newest first (auditor); only failed ones if asked.
        method ListDeliveries(failed_only: ?bool, limit: ?int) -> (deliveries: []DeliveryRecord)

        # Sends a test message through a channel now (admin) and reports what the channel said.
        method TestNotification(
          channel: string,
          # Where to: a phone number or user name, handed to the channel as the address.
          address: ?string
        ) -> (
          # "delivered" or "failed".
          result: string,
          # The channel's output, or why it failed.
          detail: string
        )

        # One notification in the outbox.
        type DeliveryRecord (
          id: int,
          case_id: ?string,
          # What caused it: reminder, escalation, resolved, delivery-failed.
          event: string,
          channel: string,
          # person, officer or supervisor.
          recipient: string,
          template: string,
          # pending, delivered or failed.
          state: string,
          attempts: int,
          # Why the last attempt failed.
          last_error: ?string,
          created: string,
          delivered: ?string
        )

        # One line of the person list.
        type PersonSummary (
          case_id: string,
          name: string,
          policy: string,
          officer: ?string,
          status: string,
          open_incidents: int,
          pending_proposals: int,
          # When the next window opens or the open one closes.
          next_window: ?string
        )

        # Outcomes of the windows of one person (key = case id) or one officer (key = user name).
        type ComplianceRow (
          key: string,
          # The person's officer (person rows only).
          officer: ?string,
          windows: int,
          on_time: int,
          late: int,
          missed: int,
          excused: int,
          # Still open or not yet decided.
          pending: int,
          # on_time / (windows - excused - pending), 0..1; null when nothing was due.
          on_time_rate: ?float
        )

        # No person with this case id.
        error PersonNotFound (case_id: string)
        # A person with this case id already exists.
        error PersonExists (case_id: string)
        # No such policy; known lists the loaded ones.
        error PolicyNotFound (policy: string, known: []string)
        # A parameter has a value of the right type but not an acceptable one.
        error InvalidValue (parameter: string, value: string, expected: string)
        # The person's supervision has ended.
        error SupervisionEnded (case_id: string)
        # The caller lacks the role the method needs; the attempt is audited.
        error PermissionDenied (method: string, required: string)
        # An unexpected failure inside ccsd; it is logged. Report it with the time of the call.
        error InternalError ()
        # ccsd cannot serve the call right now (e.g. its database failed); try again after it restarts.
        error Unavailable (reason: string)
        """
}
