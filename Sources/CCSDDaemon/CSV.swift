/// RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold commas, quotes or line breaks.
enum CSV {
    /// Parses text into records with the 1-based line each starts on; nil and the line if a quote never closes.
    static func parse(_ text: String) -> Result<[(line: Int, fields: [String])], CSVError> {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let c = pending {
                pending = nil
                return c
            }
            return chars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = after
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                field = ""
                line += 1
                recordLine = line
            default:
                field.append(c)
            }
        }
        if quoted { return .failure(CSVError(line: recordLine, message: "a quoted field never closes")) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return .success(records)
    }

    static func format(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { value in
                value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                    ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }
}

/// Why a CSV text cannot be read.
struct CSVError: Error {
    let line: Int
    let message: String
}
