/// What one request writes, all or nothing: its own savepoint inside a group-commit transaction.
public struct WriteBatch: Sendable {
    public var persons: [PersonRow] = []
    public var inputs: [InputRow] = []
    public var policySets: [PolicySetRow] = []
    /// Events in order; one whose action id was already fired is skipped (exactly once).
    public var events: [EventDraft] = []

    public init(
        persons: [PersonRow] = [], inputs: [InputRow] = [], policySets: [PolicySetRow] = [], events: [EventDraft] = []
    ) {
        self.persons = persons
        self.inputs = inputs
        self.policySets = policySets
        self.events = events
    }

    public var isEmpty: Bool { persons.isEmpty && inputs.isEmpty && policySets.isEmpty && events.isEmpty }
}
