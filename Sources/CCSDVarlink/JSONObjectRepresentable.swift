/// A reply that gives its members directly, so the replier writes it without Foundation's `JSONEncoder`: for
/// replies on a hot path. The members must be what the type's `Encodable` conformance writes (nil optionals left
/// out), so both ways give the same JSON.
public protocol JSONObjectRepresentable: Encodable {
    var jsonObject: [String: JSONValue] { get }
}
