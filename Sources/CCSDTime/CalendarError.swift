/// Why a calendar expression was rejected, naming the part that is wrong.
public struct CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole expression as given.
    public let expression: String
    /// The part of the expression that is wrong (may be empty, e.g. for an empty expression).
    public let offending: String
    /// What is wrong with it, e.g. `is not a weekday`.
    public let reason: String

    public init(expression: String, offending: String, reason: String) {
        self.expression = expression
        self.offending = offending
        self.reason = reason
    }

    /// `invalid calendar expression "Mon..Fry 10:00": "Fry" is not a weekday`.
    public var description: String {
        let detail = offending.isEmpty ? reason : "\"\(offending)\" \(reason)"
        return "invalid calendar expression \"\(expression)\": \(detail)"
    }
}
