import Foundation

/// Reads ccsd's event entries from the journal (`journalctl -o json`) or from a file exported with it.
enum JournalReader {
    /// What reading gave: the entries, or why the journal cannot be read.
    enum Outcome {
        case entries([JournalCrossCheck.Entry])
        case unreadable(String)
    }

    /// Fields asked of journalctl: the event's seq and hash, and who wrote it.
    static let fields = "CCSD_SEQ,CCSD_HASH,_BOOT_ID,_PID"

    /// The journalctl command line; `SYSLOG_IDENTIFIER=ccsd` selects ccsd's entries, those with `CCSD_SEQ` are
    /// its events (journalctl cannot match on a field's mere presence).
    static let arguments = ["-o", "json", "--output-fields=\(fields)", "--no-pager", "SYSLOG_IDENTIFIER=ccsd"]

    /// Runs journalctl, unless `exportFile` names an export (`journalctl -o json SYSLOG_IDENTIFIER=ccsd > FILE`).
    static func read(exportFile: String?) -> Outcome {
        if let exportFile {
            guard let data = FileManager.default.contents(atPath: exportFile) else {
                return .unreadable("cannot read \(exportFile)")
            }
            return .entries(parse(data))
        }
        guard let journalctl = executable("journalctl") else { return .unreadable("journalctl not found") }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("ccsctl-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil),
            let errorHandle = try? FileHandle(forWritingTo: errors)
        else { return .unreadable("cannot create a temporary file") }
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: journalctl)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .unreadable("cannot run \(journalctl): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorHandle.close()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        if let problem = problem(status: process.terminationStatus, stderr: stderr) { return .unreadable(problem) }
        return .entries(parse(data))
    }

    /// Why journalctl's answer cannot be trusted as the whole journal, if it cannot.
    static func problem(status: Int32, stderr: String) -> String? {
        let firstLine = stderr.split(separator: "\n").first.map(String.init) ?? ""
        if stderr.contains("insufficient permissions") || stderr.contains("not seeing messages from other users") {
            return "no permission to read the system journal; join the systemd-journal or adm group, or run as root"
        }
        if stderr.contains("No journal files were found") { return "no journal files were found" }
        if status != 0 { return "journalctl exited with status \(status)\(firstLine.isEmpty ? "" : ": \(firstLine)")" }
        return nil
    }

    /// One JSON object per line; entries without a decimal `CCSD_SEQ` and a `CCSD_HASH` are not events. A field
    /// journald holds several values of comes as an array: every hash is kept (an event field named `hash` also
    /// lands in `CCSD_HASH`), an ambiguous seq makes the entry unusable.
    static func parse(_ data: Data) -> [JournalCrossCheck.Entry] {
        data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
            let seqs = Set(strings(object["CCSD_SEQ"]).compactMap { Int64($0) })
            let hashes = strings(object["CCSD_HASH"])
            guard seqs.count == 1, let seq = seqs.first, !hashes.isEmpty else { return nil }
            let boot = object["_BOOT_ID"] as? String ?? "?"
            let pid = object["_PID"] as? String ?? "?"
            return JournalCrossCheck.Entry(seq: seq, hashes: hashes, writer: "\(boot)/\(pid)")
        }
    }

    /// A field's text values: a string, or the strings of an array (binary values, arrays of bytes, are left out).
    static func strings(_ value: Any?) -> [String] {
        if let text = value as? String { return [text] }
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// The path of `name` in `$PATH`, if it is there.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
