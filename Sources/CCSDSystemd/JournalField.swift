/// One `NAME=value` field of a journal entry, with the name already valid for journald.
///
/// journald drops an entry's field whose name is invalid: names are 1…64 characters of `A-Z`, `0-9` and `_`, and
/// must not start with a digit or `_` (leading `_` marks fields only journald itself may set).
public struct JournalField: Sendable, Hashable {
    /// The longest field name journald accepts.
    public static let maximumNameLength = 64

    /// A valid journal field name.
    public let name: String
    /// The value, sent verbatim (newlines and any UTF-8 are fine).
    public let value: String

    /// A field whose name is mapped with ``sanitizedName(_:)``; nil when nothing valid is left of `name`.
    public init?(name: String, value: String) {
        guard let valid = Self.sanitizedName(name) else { return nil }
        self.name = valid
        self.value = value
    }

    /// A field whose name is known to be valid (names spelled in this module); checked in debug builds.
    init(valid name: String, value: String) {
        assert(Self.isValidName(name), "invalid journal field name \(name)")
        self.name = name
        self.value = value
    }

    /// True when journald accepts `name` from a client as it is.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maximumNameLength else { return false }
        guard first != UInt8(ascii: "_"), !isDigit(first) else { return false }
        return bytes.allSatisfy { isUpper($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// Maps any string to a valid journal field name, or nil when nothing is left.
    ///
    /// Lowercase ASCII letters become uppercase, every other character outside `A-Z0-9_` becomes `_` (runs of them
    /// collapse to one), leading `_` and digits are dropped and the result is cut to 64 characters.
    /// `"person-id"` → `"PERSON_ID"`, `"code.file"` → `"CODE_FILE"`, `"_PID"` → `"PID"`.
    public static func sanitizedName(_ raw: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(min(raw.utf8.count, maximumNameLength))
        for scalar in raw.unicodeScalars {
            let mapped: UInt8
            if scalar.isASCII, isUpper(UInt8(scalar.value)) || isDigit(UInt8(scalar.value)) {
                mapped = UInt8(scalar.value)
            } else if scalar.isASCII, isLower(UInt8(scalar.value)) {
                mapped = UInt8(scalar.value) - 32
            } else {
                mapped = UInt8(ascii: "_")
            }
            if out.isEmpty, mapped == UInt8(ascii: "_") || isDigit(mapped) { continue }
            if mapped == UInt8(ascii: "_"), out.last == UInt8(ascii: "_") { continue }
            out.append(mapped)
        }
        if out.count > maximumNameLength { out.removeLast(out.count - maximumNameLength) }
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }

    /// Maps a swift-log metadata key to a journal field in ccsd's namespace: `"person-id"` → `"CCSD_PERSON_ID"`.
    ///
    /// Keys already in the namespace keep their name (`"CCSD_PERSON"`, `"ccsd.person"` → `"CCSD_PERSON"`), and so do
    /// the well-known journal fields a log call may set on purpose (`MESSAGE_ID`, `ERRNO`). A key with nothing valid
    /// in it is kept as `CCSD_FIELD` rather than dropped, so the value is never lost silently.
    public static func metadataName(_ key: String) -> String {
        guard let base = sanitizedName(key) else { return "CCSD_FIELD" }
        if base.hasPrefix(namespacePrefix) || passThroughNames.contains(base) { return base }
        let prefixed = namespacePrefix + base
        return String(prefixed.prefix(maximumNameLength))  // ASCII only: characters are bytes
    }

    /// The prefix of every field ccsd defines itself.
    public static let namespacePrefix = "CCSD_"

    /// Standard journal fields a metadata key may name directly.
    static let passThroughNames: Set<String> = ["MESSAGE_ID", "ERRNO"]

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
