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

    public init(
        caseID: String, nextDeadline: Int64?, openWindows: Int, openIncidents: Int, pendingProposals: Int,
        policy: String, officer: String?
    ) {
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
                INSERT OR REPLACE INTO person_state
                  (case_id, next_deadline, open_windows, open_incidents, pending_proposals, policy, officer)
                VALUES (?,?,?,?,?,?,?)
                """
        ).run(
            .text(caseID), .optional(nextDeadline), .int(openWindows), .int(openIncidents), .int(pendingProposals),
            .text(policy), .optional(officer))
    }
}

extension Store {
    /// Calls `body` with every person's state row, in no particular order, without building an array of them.
    public func forEachPersonState(_ body: (PersonStateRow) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT case_id, next_deadline, open_windows, open_incidents, pending_proposals, policy, officer
                    FROM person_state
                    """)
            while let row = try rows.next() {
                try body(
                    PersonStateRow(
                        caseID: row[0], nextDeadline: row[1], openWindows: row[2], openIncidents: row[3],
                        pendingProposals: row[4], policy: row[5], officer: row[6]))
            }
        }
    }

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
