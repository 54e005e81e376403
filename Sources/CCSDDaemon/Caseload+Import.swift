import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime
import Foundation

extension Caseload {
    static let csvColumns = [
        "case_id", "name", "phone", "policy", "officer", "time_zone", "supervision_start", "supervision_end", "tags",
        "language",
    ]
    static let requiredColumns: Set<String> = ["case_id", "name", "policy", "supervision_start"]

    /// Adds every person of a CSV text in one transaction, or none, listing every problem with its line.
    public func importPersons(_ request: Methods.ImportPersons, caller: Caller) async throws(RequestError)
        -> Methods.ImportPersonsReply
    {
        let records: [(line: Int, fields: [String])]
        switch CSV.parse(request.csv) {
        case .success(let parsed): records = parsed
        case .failure(let error): return .init(imported: 0, problems: [.init(line: error.line, message: error.message)])
        }
        guard let header = records.first else {
            return .init(imported: 0, problems: [.init(line: 1, message: "empty; expected a header row")])
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [Methods.ImportProblem] = []
        for column in columns where !Self.csvColumns.contains(column) {
            problems.append(
                .init(
                    line: 1,
                    message: "unknown column \"\(column)\"; expected \(Self.csvColumns.joined(separator: ", "))"))
        }
        for column in Self.requiredColumns.subtracting(columns).sorted() {
            problems.append(.init(line: 1, message: "missing column \(column)"))
        }
        guard problems.isEmpty else { return .init(imported: 0, problems: problems) }
        let now = now()
        var prepared: [(PersonRow, Supervision, [EventDraft])] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append(
                    .init(line: record.line, message: "\(record.fields.count) fields; expected \(columns.count)"))
                continue
            }
            var value: [String: String] = [:]
            for (column, field) in zip(columns, record.fields) {
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { value[column] = trimmed }
            }
            let request = Methods.AddPerson(
                caseID: value["case_id"] ?? "", name: value["name"] ?? "", phone: value["phone"],
                policy: value["policy"] ?? "", officer: value["officer"], timeZone: value["time_zone"],
                supervisionStart: value["supervision_start"] ?? "", supervisionEnd: value["supervision_end"],
                tags: value["tags"].map { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } },
                language: value["language"])
            if let first = seen[request.caseID] {
                problems.append(.init(line: record.line, message: "case id \(request.caseID) already on line \(first)"))
                continue
            }
            seen[request.caseID] = record.line
            do {
                prepared.append(try prepare(request, caller: caller, now: now))
            } catch {
                problems.append(.init(line: record.line, message: error.description))
            }
        }
        guard problems.isEmpty else { return .init(imported: 0, problems: problems) }
        if request.dryRun == true { return .init(imported: 0, problems: []) }
        // In `entries` before the await, as for AddPerson: nothing can slip in between validation and here.
        for (row, engine, _) in prepared { update(row.caseID, Entry(row: row, engine: engine), before: nil) }
        let batch = WriteBatch(persons: prepared.map(\.0), events: prepared.flatMap(\.2))
        _ = try await commit(batch, engineChanged: true)
        return .init(imported: prepared.count, problems: [])
    }

    /// The persons as CSV, in the columns `importPersons` reads.
    /// Read from the database, with each person's current policy: no engine is rebuilt.
    public func exportPersons(officer: String?) throws(RequestError) -> String {
        let stored: [PersonRow]
        do {
            stored = try store.persons(officer: officer)
        } catch {
            throw .unavailable("cannot read the database: \(error)")
        }
        let rows = stored.map { row -> [String] in
            let zone = zones.zone(named: row.timeZone) ?? officeZone
            let policy = entries[row.caseID]?.engine.policy.name ?? dormant[row.caseID]?.policy ?? row.policy
            let tags = (try? JSONDecoder().decode([String].self, from: Data(row.tags.utf8))) ?? []
            return [
                row.caseID, row.name, row.phone ?? "", policy, row.officer ?? "", row.timeZone,
                TimeText.format(Instant(microseconds: row.supervisionStart), zone),
                row.supervisionEnd.map { TimeText.format(Instant(microseconds: $0), zone) } ?? "",
                tags.joined(separator: ";"), row.language ?? "",
            ]
        }
        return CSV.format([Self.csvColumns] + rows)
    }
}
