/// Looks up time zones by IANA name (`Europe/Berlin`); nil for unknown or invalid names.
public protocol ZoneProvider: Sendable {
    func zone(named identifier: String) -> ZoneRules?
}

/// A fixed set of zones, for tests and for callers that loaded their zones already.
public struct StaticZoneProvider: ZoneProvider {
    public var zones: [String: ZoneRules]

    public init(_ zones: [ZoneRules] = [.utc]) {
        self.zones = Dictionary(zones.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func zone(named identifier: String) -> ZoneRules? { zones[identifier] }
}
