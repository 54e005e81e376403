import Foundation
import Testing

/// Helpers for output snapshots (human format) and JSON schema checks (`--json`).
enum Snapshot {
    static let time = try! NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?"#)

    /// The digits of every date and time replaced with `#`, so a snapshot does not depend on the clock; widths
    /// (and so the alignment of columns) are kept, and so are zone offsets.
    static func normalize(_ text: String) -> String {
        let ns = text as NSString
        var result = ""
        var last = 0
        for match in time.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            result += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            result += String(ns.substring(with: match.range).map { $0.isNumber ? "#" : $0 })
            last = match.range.location + match.range.length
        }
        return result + ns.substring(from: last)
    }

    /// A JSON value as parsed, keeping `true` apart from `1` and `null` apart from absent.
    indirect enum JSON: Decodable, Equatable, Sendable {
        case null, bool(Bool), int(Int64), double(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let v = try? c.decode(Bool.self) {
                self = .bool(v)
            } else if let v = try? c.decode(Int64.self) {
                self = .int(v)
            } else if let v = try? c.decode(Double.self) {
                self = .double(v)
            } else if let v = try? c.decode(String.self) {
                self = .string(v)
            } else if let v = try? c.decode([JSON].self) {
                self = .array(v)
            } else {
                self = .object(try c.decode([String: JSON].self))
            }
        }

        static func parse(_ text: String) throws -> JSON { try JSONDecoder().decode(JSON.self, from: Data(text.utf8)) }

        subscript(key: String) -> JSON? {
            if case .object(let members) = self { return members[key] }
            return nil
        }

        var array: [JSON] {
            if case .array(let elements) = self { return elements }
            return []
        }

        var string: String? {
            if case .string(let text) = self { return text }
            return nil
        }
    }

    /// The type a field must have.
    indirect enum Shape: Sendable {
        case string, int, bool, stringArray
        case optional(Shape)
        case object([String: Shape])
        case array(Shape)

        func matches(_ value: JSON) -> Bool {
            switch (self, value) {
            case (.string, .string), (.int, .int), (.bool, .bool): true
            case (.stringArray, .array(let elements)): elements.allSatisfy { $0.string != nil }
            case (.optional, .null): true
            case (.optional(let shape), _): shape.matches(value)
            case (.array(let shape), .array(let elements)): elements.allSatisfy(shape.matches)
            case (.object(let fields), .object(let members)):
                Set(fields.keys) == Set(members.keys) && fields.allSatisfy { $0.value.matches(members[$0.key]!) }
            default: false
            }
        }
    }

    /// Expects `text` to parse as JSON of `shape`: exactly these field names, each of its type.
    static func expectShape(
        _ text: String, _ shape: Shape, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let value = try JSON.parse(text)
        #expect(shape.matches(value), "unexpected JSON schema:\n\(text)", sourceLocation: sourceLocation)
    }

    static let openIncident = Shape.object([
        "id": .string, "case_id": .string, "officer": .optional(.string), "obligation": .string,
        "opened": .string, "state": .string,
    ])
    static let window = Shape.object([
        "occurrence": .string, "obligation": .string, "kind": .string, "opens": .string, "closes": .string,
        "deadline": .string, "state": .string,
    ])
    static let personWindow = Shape.object(["case_id": .string, "officer": .optional(.string), "window": window])
    static let personProposal = Shape.object([
        "case_id": .string, "officer": .optional(.string),
        "proposal": .object(["id": .string, "level": .string, "reason": .string, "proposed": .string]),
    ])
    static let leave = Shape.object([
        "id": .string, "from": .string, "until": .string, "destination": .string, "approver": .optional(.string),
    ])
    static let empty = Shape.object([:])
}

extension Snapshot {
    /// Expects the normalized `actual` to equal `expected` (trailing newline ignored); prints it whole otherwise.
    static func expect(
        _ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let normalized = normalize(actual).trimmingCharacters(in: .newlines)
        #expect(
            normalized == expected.trimmingCharacters(in: .newlines),
            "snapshot differs; actual output:\n\(normalized)", sourceLocation: sourceLocation)
    }
}
