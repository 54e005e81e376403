/// A value kept behind one shared, immutable reference: copying it costs one retain, however many fields it has.
///
/// Obligations and reminders are copied into every window, cursor, incident and action, and the engine copies
/// those at each step; with their fields inline, a copy cost a retain and a release per field. Changing the value
/// (policy loading, tests) makes a new box, so it keeps value semantics.
struct Shared<Value: Sendable & Hashable>: Sendable, Hashable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    var value: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    static func == (lhs: Shared, rhs: Shared) -> Bool { lhs.box === rhs.box || lhs.box.value == rhs.box.value }

    func hash(into hasher: inout Hasher) { hasher.combine(box.value) }
}
