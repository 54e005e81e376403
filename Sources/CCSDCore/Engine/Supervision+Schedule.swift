import CCSDTime

extension Supervision {
    /// Calendar elapses tried per window before giving up on an obligation whose every day is skipped.
    static let searchLimit = 1000

    /// Starts scheduling the current policy's obligations afresh from `start`.
    mutating func resetCursors(from start: Instant) {
        cursors = [:]
        for obligation in policy.obligations
        where obligation.appliesTo.isEmpty || !obligation.appliesTo.isDisjoint(with: person.tags) {
            var cursor = Cursor(
                obligation: obligation, searchAfter: Instant(microseconds: start.microseconds - 1), lastOpen: nil,
                next: nil)
            cursor.next = nextOccurrence(&cursor)
            cursors[obligation.id] = cursor
        }
    }

    /// Moves a cursor's precomputed window into `live` and computes the one after it.
    mutating func schedule(_ id: String, into actions: inout [Action]) {
        guard var cursor = cursors[id], let occurrence = cursor.next else { return }
        cursor.next = nextOccurrence(&cursor)
        cursors[id] = cursor
        guard !live.contains(where: { $0.id == occurrence.id }) else { return }
        let index = live.firstIndex { $0.opens > occurrence.opens } ?? live.endIndex
        live.insert(occurrence, at: index)
        if let reason = excusals.removeValue(forKey: occurrence.id) {
            decide(index, .excused(reason), at: occurrence.announce, into: &actions)
        }
    }

    /// The zone an obligation's days are counted in (a zone in its calendar expression wins).
    func zone(for obligation: Obligation) -> ZoneRules {
        if case .calendar(let spec) = obligation.schedule, let zone = spec.zone { return zone }
        return obligation.timeZone ?? policy.timeZone ?? person.timeZone
    }

    /// The next window of a cursor's obligation, honouring active period, holidays, leave and supervision end.
    func nextOccurrence(_ cursor: inout Cursor) -> Occurrence? {
        let obligation = cursor.obligation
        let earliest = max(person.supervisionStart + obligation.activeFrom, policySince)
        var latest = obligation.activeUntil.map { person.supervisionStart + $0 }
        if let end = person.supervisionEnd { latest = min(latest ?? end, end) }
        let notBefore = max(person.supervisionStart, policySince)

        switch obligation.schedule {
        case .supervisionStart:
            let opens = person.supervisionStart + obligation.activeFrom
            // Due from supervision start: still due for a person added while its window is open, but never
            // again under a later policy.
            let due = opens >= policySince || (policySince == trackingFrom && opens + obligation.window > policySince)
            guard cursor.lastOpen == nil, due, latest.map({ opens < $0 }) ?? true else { return nil }
            cursor.lastOpen = opens
            return Occurrence(obligation: obligation, policy: policy, opens: opens, notBefore: notBefore)
        case .calendar(let spec):
            let zone = zone(for: obligation)
            if cursor.searchAfter < earliest { cursor.searchAfter = Instant(microseconds: earliest.microseconds - 1) }
            if obligation.onLeave == .only {
                // Only windows overlapping a known leave matter: jump to the next leave instead of walking days.
                let window = obligation.window
                guard
                    let leave = leaves.filter({ $0.until > cursor.searchAfter + window }).min(by: { $0.from < $1.from })
                else { return nil }
                let start = Instant(microseconds: leave.from.microseconds - window.microseconds - 1)
                cursor.searchAfter = max(cursor.searchAfter, start)
            }
            for _ in 0..<Self.searchLimit {
                guard let elapse = spec.nextElapse(after: cursor.searchAfter, defaultZone: zone) else { return nil }
                cursor.searchAfter = elapse
                if let latest, elapse >= latest { return nil }
                guard var opens = shifted(elapse, obligation: obligation, zone: zone) else { continue }
                if let last = cursor.lastOpen, opens <= last { continue }
                if let latest, opens >= latest { return nil }
                if obligation.onLeave == .only,
                    !leaves.contains(where: { $0.overlaps(opens, opens + obligation.window) })
                {
                    // Past this leave: look for the next one.
                    return nextOccurrence(&cursor)
                }
                opens = max(opens, earliest)
                cursor.lastOpen = opens
                return Occurrence(obligation: obligation, policy: policy, opens: opens, notBefore: notBefore)
            }
            return nil
        }
    }

    /// Applies the holiday rule: the elapse itself, the same local time on the next working day, or nil (skip).
    func shifted(_ elapse: Instant, obligation: Obligation, zone: ZoneRules) -> Instant? {
        guard obligation.onHoliday != .keep else { return elapse }
        let local = zone.localDateTime(at: elapse)
        if policy.holidays.isWorkingDay(local.date) { return elapse }
        guard obligation.onHoliday == .nextWorkingDay,
            let day = policy.holidays.workingDay(onOrAfter: local.date)
        else { return nil }
        var moved = local
        moved.date = day
        return zone.instant(for: moved) ?? zone.startOfDay(day)
    }
}
