import GRDB

/// What the daemon needs of a person without their engine: when to look at them next and what they count for.
///
/// Written in the same transaction as every change of the person's engine, so it never claims a later deadline
/// than the events on disk allow. Start-up reads these rows instead of replaying everyone; an engine is rebuilt
/// from the person's inputs when it is due or asked for.
public struct PersonStateRow: Sendable, Hashable {
    public var caseID: String
    /// The engine's next deadline (µs since the epoch); nil = nothing will ever be due.
    public var nextDeadline: Int64?
    public var openWindows: Int
    public var openIncidents: Int
    public var pendingProposals: Int
    /// The policy the person follows now (inputs can change it).
    public var policy: String
    public var officer: String?
    /// active, suspended or ended, for `person list` without rebuilding the engine; nil in rows written before
    /// ccsd kept it (schema v6). Writing nil keeps the stored status and next window (a row written without the
    /// engine in memory, when only the deadline changed).
    public var status: String?
    /// When the person's next window opens, or the open one closes (µs since the epoch), for `person list`.
    public var nextWindow: Int64?

    public init(
        caseID: String, nextDeadline: Int64?, openWindows: Int, openIncidents: Int, pendingProposals: Int,
        policy: String, officer: String?, status: String? = nil, nextWindow: Int64? = nil
    ) {
        self.status = status
        self.nextWindow = nextWindow
        self.caseID = caseID
        self.nextDeadline = nextDeadline
        self.openWindows = openWindows
        self.openIncidents = openIncidents
        self.pendingProposals = pendingProposals
        self.policy = policy
        self.officer = officer
    }

    func upsert(_ db: Database) throws {
        try FastInsert(
            db,
            sql: """
                INSERT INTO person_state
                  (case_id, next_deadline, open_windows, open_incidents, pending_proposals, policy, officer, status,
                   next_window)
                VALUES (?,?,?,?,?,?,?,?,?)
                ON CONFLICT (case_id) DO UPDATE SET
                  next_deadline = excluded.next_deadline, open_windows = excluded.open_windows,
                  open_incidents = excluded.open_incidents, pending_proposals = excluded.pending_proposals,
                  policy = excluded.policy, officer = excluded.officer,
                  status = coalesce(excluded.status, person_state.status),
                  next_window = CASE WHEN excluded.status IS NULL THEN person_state.next_window
                                     ELSE excluded.next_window END
                """
        ).run(
            .text(caseID), .optional(nextDeadline), .int(openWindows), .int(openIncidents), .int(pendingProposals),
            .text(policy), .optional(officer), .optional(status), .optional(nextWindow))
    }
}

extension Store {
    /// Calls `body` with every person's state row, in no particular order, without building an array of them.
    public func forEachPersonState(_ body: (PersonStateRow) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT case_id, next_deadline, open_windows, open_incidents, pending_proposals, policy, officer,
                      status
                    FROM person_state
                    """)
            while let row = try rows.next() {
                try body(
                    PersonStateRow(
                        caseID: row[0], nextDeadline: row[1], openWindows: row[2], openIncidents: row[3],
                        pendingProposals: row[4], policy: row[5], officer: row[6], status: row[7]))
            }
        }
    }

    /// What `person list` shows of persons whose engine is not in memory, by case id: name, time zone, and the
    /// status and next window of their state row (nil where the row predates them). One officer's, or everyone's.
    public func personListing(officer: String?) throws -> [String: PersonListing] {
        try pool.read { db in
            let rows =
                try officer.map { try Row.fetchCursor(db, sql: Self.officerListingSQL, arguments: [$0]) }
                ?? Row.fetchCursor(db, sql: Self.listingSQL)
            var listing: [String: PersonListing] = [:]
            while let row = try rows.next() {
                listing[row[0]] = PersonListing(name: row[1], timeZone: row[2], status: row[3], nextWindow: row[4])
            }
            return listing
        }
    }

    static let listingSQL = """
        SELECT p.case_id, p.name, p.time_zone, s.status, s.next_window
        FROM person p JOIN person_state s ON s.case_id = p.case_id
        """

    /// One officer's persons, through `person_officer`.
    static let officerListingSQL = listingSQL + " WHERE p.officer = ?"

    /// How many persons there are if every one has a state row; nil if some have none (a database written by an
    /// older ccsd). Persons are never deleted, so equal counts mean full coverage.
    public func personStateCount() throws -> Int? {
        try pool.read { db in
            let persons = try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0
            let states = try Int.fetchOne(db, sql: "SELECT count(*) FROM person_state") ?? 0
            return persons == states ? persons : nil
        }
    }
}

/// A person's line in `person list`, as far as the store keeps it.
public struct PersonListing: Sendable, Hashable {
    public var name: String
    public var timeZone: String
    public var status: String?
    public var nextWindow: Int64?
}
