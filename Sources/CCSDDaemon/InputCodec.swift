import CCSDCore
import CCSDStore
import CCSDTime
import CCSDVarlink
import Foundation

/// How an engine input is stored in the `input` table: a kind and a JSON payload, decoded for replay.
enum InputCodec {
    /// The stored form of inputs that need no policy lookup; `assign-policy` names its policy.
    struct Payload: Codable {
        var at: Int64?
        var method: String?
        var recordedBy: String?
        var note: String?
        var id: String?
        var from: Int64?
        var until: Int64?
        var reason: String?
        var accepted: Bool?
        var by: String?
        var policy: String?
        var destination: String?
        var approver: String?

        init() {}

        /// Reads the JSON text `JSONEncoder` or ``json`` wrote, as `JSONDecoder` would: unknown keys and nulls
        /// ignored, nil for a known key of the wrong type or text that is not an object. Rebuilding a sleeping
        /// person's engine decodes every input of theirs, and Foundation's decoder was half of that.
        init?(json text: String) {
            guard case .object(let members)? = JSONValue(parsing: text) else { return nil }
            func value<T>(_ key: String, _ read: (JSONValue) -> T?) -> T?? {
                guard let found = members[key], found != .null else { return .some(nil) }
                return read(found).map { .some($0) }
            }
            guard let at = value("at", \.intValue), let method = value("method", \.stringValue),
                let recordedBy = value("recordedBy", \.stringValue), let note = value("note", \.stringValue),
                let id = value("id", \.stringValue), let from = value("from", \.intValue),
                let until = value("until", \.intValue), let reason = value("reason", \.stringValue),
                let accepted = value("accepted", \.boolValue), let by = value("by", \.stringValue),
                let policy = value("policy", \.stringValue), let destination = value("destination", \.stringValue),
                let approver = value("approver", \.stringValue)
            else { return nil }
            (self.at, self.method, self.recordedBy, self.note, self.id) = (at, method, recordedBy, note, id)
            (self.from, self.until, self.reason, self.accepted, self.by) = (from, until, reason, accepted, by)
            (self.policy, self.destination, self.approver) = (policy, destination, approver)
        }

        /// The JSON text, keys sorted, nil fields left out, as `JSONDecoder` reads it back: written straight from
        /// the fields (every check-in writes one) rather than through Foundation's `JSONEncoder`.
        var json: String {
            // Keys in sorted order, as `JSONValue` writes an object.
            let members: [(String, JSONValue?)] = [
                ("accepted", accepted.map(JSONValue.bool)), ("approver", approver.map(JSONValue.string)),
                ("at", at.map(JSONValue.int)), ("by", by.map(JSONValue.string)),
                ("destination", destination.map(JSONValue.string)), ("from", from.map(JSONValue.int)),
                ("id", id.map(JSONValue.string)), ("method", method.map(JSONValue.string)),
                ("note", note.map(JSONValue.string)), ("policy", policy.map(JSONValue.string)),
                ("reason", reason.map(JSONValue.string)), ("recordedBy", recordedBy.map(JSONValue.string)),
                ("until", until.map(JSONValue.int)),
            ]
            var bytes: [UInt8] = [UInt8(ascii: "{")]
            bytes.reserveCapacity(128)
            for case (let key, let value?) in members {
                if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
                JSONValue.write(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                // Only a non-finite double can fail, and a payload has none.
                try? value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A correction: the row voids an earlier input (by seq); replays skip both.
    static let voidKind = "void-input"

    static func void(seq: Int64, reason: String) -> String {
        var p = Payload()
        (p.id, p.reason) = (String(seq), reason)
        return p.json
    }

    static func voidedSeq(_ row: InputRow) -> Int64? {
        Payload(json: row.payload)?.id.flatMap { Int64($0) }
    }

    /// The check-in a stored row records, if it is one.
    static func checkIn(_ row: InputRow) -> CheckIn? {
        guard row.kind == "check-in",
            case .checkIn(let c)? = decode(kind: row.kind, payload: row.payload, policy: { _ in nil })
        else { return nil }
        return c
    }

    static func encode(_ input: Input) -> (kind: String, payload: String) {
        var p = Payload()
        let kind: String
        switch input {
        case .checkIn(let c):
            kind = "check-in"
            (p.at, p.method, p.recordedBy, p.note) = (c.at.microseconds, c.method, c.recordedBy, c.note)
        case .addLeave(let leave):
            kind = "add-leave"
            (p.id, p.from, p.until) = (leave.id, leave.from.microseconds, leave.until.microseconds)
            (p.destination, p.approver) = (leave.destination, leave.approver)
        case .cancelLeave(let id):
            kind = "cancel-leave"
            p.id = id
        case .excuse(let occurrence, let reason):
            kind = "excuse"
            (p.id, p.reason) = (occurrence, reason)
        case .acknowledge(let incident, let by):
            kind = "acknowledge"
            (p.id, p.by) = (incident, by)
        case .resolve(let incident, let by, let note):
            kind = "resolve"
            (p.id, p.by, p.note) = (incident, by, note)
        case .decide(let proposal, let decision, let by):
            kind = "decide"
            (p.id, p.accepted, p.by) = (proposal, decision == .accepted, by)
        case .assignPolicy(let policy):
            kind = "assign-policy"
            p.policy = policy.name
        case .endSupervision(let reason):
            kind = "end-supervision"
            p.reason = reason
        case .suspend(let reason):
            kind = "suspend"
            p.reason = reason
        case .resume:
            kind = "resume"
        }
        return (kind, p.json)
    }

    /// Decodes a stored input; `policy` resolves an `assign-policy` by name. Nil if the row is unreadable.
    static func decode(kind: String, payload: String, policy: (String) -> Policy?) -> Input? {
        guard let p = Payload(json: payload) else { return nil }
        switch kind {
        case "check-in":
            guard let at = p.at, let method = p.method else { return nil }
            return .checkIn(
                CheckIn(at: Instant(microseconds: at), method: method, recordedBy: p.recordedBy ?? "", note: p.note))
        case "add-leave":
            guard let id = p.id, let from = p.from, let until = p.until else { return nil }
            return .addLeave(
                Leave(
                    id: id, from: Instant(microseconds: from), until: Instant(microseconds: until),
                    destination: p.destination ?? "", approver: p.approver))
        case "cancel-leave":
            return p.id.map { .cancelLeave(id: $0) }
        case "excuse":
            guard let id = p.id else { return nil }
            return .excuse(occurrence: id, reason: p.reason ?? "")
        case "acknowledge":
            guard let id = p.id else { return nil }
            return .acknowledge(incident: id, by: p.by ?? "")
        case "resolve":
            guard let id = p.id else { return nil }
            return .resolve(incident: id, by: p.by ?? "", note: p.note ?? "")
        case "decide":
            guard let id = p.id, let accepted = p.accepted else { return nil }
            return .decide(proposal: id, accepted ? .accepted : .rejected, by: p.by ?? "")
        case "assign-policy":
            return p.policy.flatMap(policy).map { .assignPolicy($0) }
        case "end-supervision":
            return .endSupervision(reason: p.reason ?? "")
        case "suspend":
            return .suspend(reason: p.reason ?? "")
        case "resume":
            return .resume
        default:
            return nil
        }
    }
}
