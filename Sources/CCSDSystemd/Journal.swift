import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Structured entries to the systemd journal over its native protocol (`sd_journal_sendv(3)`).
public enum Journal {
    /// The `SYSLOG_IDENTIFIER=` of every entry unless the caller sets its own, so `journalctl -t ccsd` finds them.
    public static let syslogIdentifier = "ccsd"

    /// Path of journald's native socket.
    public static let socketPath = "/run/systemd/journal/socket"

    /// True when entries should go to the journal rather than stderr.
    ///
    /// That is when stderr is connected to the journal (`$JOURNAL_STREAM` names stderr's device and inode), or when
    /// journald's socket exists and we run under systemd (`$INVOCATION_ID` is set) with stderr not on a terminal.
    /// The terminal check matters on desktops, where shells inherit `$INVOCATION_ID` from their terminal's service:
    /// a developer running ccsd there wants the log on screen.
    public static var isAvailable: Bool {
        if stderrIsJournalStream() { return true }
        guard getenv("INVOCATION_ID") != nil, isatty(STDERR_FILENO) == 0 else { return false }
        return access(socketPath, F_OK) == 0
    }

    /// Sends one entry: `MESSAGE`, `PRIORITY` and `fields`, whose names are mapped to valid journal field names.
    ///
    /// `priority` is a syslog level, 0 (emerg) … 7 (debug), clamped into that range. Fields whose mapped name is
    /// `MESSAGE` or `PRIORITY` are ignored (the parameters own them); a field with nothing valid in its name is
    /// dropped. `SYSLOG_IDENTIFIER=ccsd` is added unless `fields` has one.
    /// - Returns: 0 on success or `-errno` (for example `-ENOENT` without journald).
    @discardableResult
    public static func send(message: String, priority: Int, fields: [(String, String)]) -> Int32 {
        var entry: [JournalField] = []
        entry.reserveCapacity(fields.count + 3)
        entry.append(JournalField(valid: "MESSAGE", value: message))
        entry.append(JournalField(valid: "PRIORITY", value: String(min(max(priority, 0), 7))))
        var hasIdentifier = false
        for (name, value) in fields {
            guard let field = JournalField(name: name, value: value) else { continue }
            if field.name == "MESSAGE" || field.name == "PRIORITY" { continue }
            if field.name == "SYSLOG_IDENTIFIER" { hasIdentifier = true }
            entry.append(field)
        }
        if !hasIdentifier { entry.append(JournalField(valid: "SYSLOG_IDENTIFIER", value: syslogIdentifier)) }
        return sendv(entry)
    }

    /// Sends fields as they are (names must already be valid) in one `sd_journal_sendv` call.
    ///
    /// All `NAME=value` strings go into one buffer so the iovecs can point into it for the duration of the call.
    static func sendv(_ fields: [JournalField]) -> Int32 {
        var buffer: [UInt8] = []
        var ranges: [(offset: Int, count: Int)] = []
        ranges.reserveCapacity(fields.count)
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            ranges.append((start, buffer.count - start))
        }
        return buffer.withUnsafeMutableBytes { bytes in
            var vectors = ranges.map { range in
                iovec(iov_base: bytes.baseAddress! + range.offset, iov_len: range.count)
            }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }

    /// Whether `$JOURNAL_STREAM` ("device:inode") matches the file stderr is connected to.
    static func stderrIsJournalStream() -> Bool {
        guard let raw = getenv("JOURNAL_STREAM") else { return false }
        let parts = String(cString: raw).split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
