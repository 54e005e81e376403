/// Per-field bit masks of a calendar expression, precomputed at parse time for fast elapse searches.
struct MatchPlan: Sendable, Hashable {
    init() {}
    init(_ spec: CalendarSpec) {}
}
