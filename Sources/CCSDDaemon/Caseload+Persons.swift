import CCSDCore
import CCSDProtocol
import CCSDStore
import CCSDTime
import Foundation

extension Caseload {
    public func updatePerson(_ request: Methods.UpdatePerson, caller: Caller) async throws(RequestError) -> PersonInfo {
        guard var entry = try loaded(request.caseID) else { throw .personNotFound(request.caseID) }
        var row = entry.row
        var changed: [String] = []
        if let name = request.name {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 200 else {
                throw .invalidValue(parameter: "name", value: "(withheld)", expected: "1 to 200 characters")
            }
            row.name = trimmed
            changed.append("name")
        }
        if let phone = request.phone {
            guard phone.count <= 32, phone.allSatisfy({ $0.isNumber || "+- ()".contains($0) }) else {
                throw .invalidValue(
                    parameter: "phone", value: "(withheld)", expected: "digits, +, -, spaces, at most 32")
            }
            row.phone = phone.isEmpty ? nil : phone
            changed.append("phone")
        }
        if let officer = request.officer {
            row.officer = officer.isEmpty ? nil : officer
            entry.engine.setOfficer(row.officer)
            changed.append("officer")
        }
        if let language = request.language {
            row.language = try self.language(language)
            changed.append("language")
        }
        var inputs: [InputRow] = []
        var events: [EventDraft] = []
        let now = now()
        let before = Counters(entry.engine)
        if let name = request.policy, name != entry.engine.policy.name {
            guard let policy = library.current.policies[name] else {
                throw .policyNotFound(name, known: library.current.policies.keys.sorted())
            }
            guard !entry.engine.ended else { throw .supervisionEnded(request.caseID) }
            let applied = (try? entry.engine.applying(.assignPolicy(policy), at: now)) ?? ([], [])
            let (kind, payload) = InputCodec.encode(.assignPolicy(policy))
            inputs.append(
                InputRow(
                    caseID: row.caseID, appliedAt: now.microseconds, kind: kind, payload: payload,
                    callerUID: Int64(caller.uid), callerName: caller.name))
            events += drafts(applied, person: entry.engine.person, now: now)
            // The row keeps the policy the person was added with: replay starts there and applies the change.
            changed.append("policy")
        }
        guard !changed.isEmpty else {
            throw .invalidValue(parameter: "case_id", value: request.caseID, expected: "at least one field to change")
        }
        // Which fields changed, never their values: names and phones stay out of the log.
        events.insert(
            EventDraft(
                type: "person-updated", at: now.microseconds,
                fields: [
                    "person": row.caseID, "changed": changed.joined(separator: ","), "caller_uid": String(caller.uid),
                    "caller": caller.name, "officer": row.officer ?? "", "policy": entry.engine.policy.name,
                    "message": "\(row.caseID): \(changed.joined(separator: ", ")) changed by \(caller.name)",
                ]), at: 0)
        entry.row = row
        update(request.caseID, entry, before: before)
        _ = try await commit(WriteBatch(personUpdates: [row], inputs: inputs, events: events), engineChanged: true)
        return info(row, engine: entry.engine)
    }

    public func endSupervision(_ request: Methods.EndSupervision, caller: Caller) async throws(RequestError)
        -> PersonInfo
    {
        let reason = try Self.required(request.reason, "reason")
        _ = try await apply(
            .endSupervision(reason: reason), to: request.caseID, caller: caller, event: nil,
            fields: ["reason": reason], message: "supervision ended")
        guard var entry = try loaded(request.caseID) else { throw .personNotFound(request.caseID) }
        entry.row.supervisionEnd = entry.engine.person.supervisionEnd?.microseconds
        entries[request.caseID] = entry
        _ = try await commit(WriteBatch(personUpdates: [entry.row]), engineChanged: false)
        return info(entry.row, engine: entry.engine)
    }

    /// Persons with an engine in memory are listed from it; the others from their person and state rows, without
    /// a rebuild (a state row from before schema v6, without a status, still needs one).
    public func listPersons(_ request: Methods.ListPersons) throws(RequestError) -> [PersonSummaryInfo] {
        if let status = request.status, !["active", "suspended", "ended"].contains(status) {
            throw .invalidValue(parameter: "status", value: status, expected: "active, suspended or ended")
        }
        let awake = entries.values.filter { entry in
            (request.officer == nil || entry.row.officer == request.officer)
                && (request.policy == nil || entry.engine.policy.name == request.policy)
                && (request.status == nil || request.status == Self.status(entry.engine))
                && (request.hasOpenIncident == nil || request.hasOpenIncident == !entry.engine.incidents.isEmpty)
        }
        var summaries = awake.map { summary($0) }
        let asleep = dormant.filter { _, sleeping in
            (request.officer == nil || sleeping.officer == request.officer)
                && (request.policy == nil || sleeping.policy == request.policy)
                && (request.hasOpenIncident == nil
                    || request.hasOpenIncident == (sleeping.counters.openIncidents > 0))
        }
        if !asleep.isEmpty {
            var listing: [String: PersonListing]
            do {
                listing = try store.personListing(officer: request.officer)
            } catch {
                throw .unavailable("cannot read persons: \(error)")
            }
            // Rows waiting for the next batch are newer than the disk's.
            for (caseID, row) in stashedStates where row.status != nil {
                listing[caseID]?.status = row.status
                listing[caseID]?.nextWindow = row.nextWindow
            }
            let unknown = asleep.keys.count { listing[$0]?.status == nil }
            if unknown > rebuildLimit {
                throw .unavailable(
                    "\(unknown) persons' state rows predate this ccsd and listing them would rebuild their engines "
                        + "(at most \(rebuildLimit) at a time); name an officer until ccsd has filled the rows in "
                        + "(it does so in the background after an upgrade, about 3,000 persons a second)")
            }
            for (caseID, sleeping) in asleep {
                guard let listed = listing[caseID], let status = listed.status else {
                    guard let entry = try peek(caseID) else { continue }
                    // The row predates status (schema v6): the next batch fills it in, so this is the last rebuild
                    // a list needs for this person (one who never changes again would otherwise need it forever).
                    stashStatus(caseID, from: entry.engine)
                    if request.status == nil || request.status == Self.status(entry.engine) {
                        summaries.append(summary(entry))
                    }
                    continue
                }
                guard request.status == nil || request.status == status else { continue }
                let next = listed.nextWindow.map {
                    TimeText.format(Instant(microseconds: $0), zones.zone(named: listed.timeZone) ?? officeZone)
                }
                summaries.append(
                    PersonSummaryInfo(
                        caseID: caseID, name: listed.name, policy: sleeping.policy, officer: sleeping.officer,
                        status: status, openIncidents: sleeping.counters.openIncidents,
                        pendingProposals: sleeping.counters.pendingProposals, nextWindow: next))
            }
        }
        return summaries.sorted { $0.caseID < $1.caseID }
    }

    private func summary(_ entry: Entry) -> PersonSummaryInfo {
        let engine = entry.engine
        return PersonSummaryInfo(
            caseID: entry.row.caseID, name: entry.row.name, policy: engine.policy.name, officer: entry.row.officer,
            status: Self.status(engine), openIncidents: engine.incidents.count,
            pendingProposals: engine.proposals.count,
            nextWindow: Self.nextWindow(engine).map { TimeText.format($0, engine.person.timeZone) })
    }
}

extension Caseload {
    static func status(_ engine: Supervision) -> String {
        engine.ended ? "ended" : engine.suspended != nil ? "suspended" : "active"
    }

    /// When the next window opens, or the open one closes.
    static func nextWindow(_ engine: Supervision) -> Instant? {
        engine.nextWindowEdge
    }
}
