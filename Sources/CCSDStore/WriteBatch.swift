/// What one request writes, all or nothing: its own savepoint inside a group-commit transaction.
public struct WriteBatch: Sendable {
    public var persons: [PersonRow] = []
    /// Existing persons' rows, replaced whole (name, phone, officer, policy, end).
    public var personUpdates: [PersonRow] = []
    public var inputs: [InputRow] = []
    public var policySets: [PolicySetRow] = []
    /// Events in order; one whose action id was already fired is skipped (exactly once).
    public var events: [EventDraft] = []
    /// Persons' state rows after this batch's changes, replaced whole.
    public var states: [PersonStateRow] = []

    public init(
        persons: [PersonRow] = [], personUpdates: [PersonRow] = [], inputs: [InputRow] = [],
        policySets: [PolicySetRow] = [], events: [EventDraft] = []
    ) {
        self.persons = persons
        self.personUpdates = personUpdates
        self.inputs = inputs
        self.policySets = policySets
        self.events = events
    }

    public var isEmpty: Bool {
        persons.isEmpty && personUpdates.isEmpty && inputs.isEmpty && policySets.isEmpty && events.isEmpty
            && states.isEmpty
    }
}
