extension CalendarSpec {
    /// First elapse strictly after `instant` (systemd semantics), in `zone` if set, else `defaultZone`.
    public func nextElapse(after instant: Instant, defaultZone: ZoneRules) -> Instant? {
        referenceNextElapse(after: instant, defaultZone: defaultZone)
    }
}
