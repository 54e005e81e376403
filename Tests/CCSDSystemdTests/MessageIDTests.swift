import Testing

@testable import CCSDSystemd

/// The fixed MESSAGE_IDs: well-formed, distinct, and reachable by event name.
@Suite struct MessageIDTests {
    @Test func idsAreDistinct128BitHex() {
        let ids = MessageID.all.map(\.id)
        #expect(ids.count == 29)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32)
            #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
    }

    @Test func eventNamesMapToTheirIDs() {
        #expect(MessageID.forEvent("person-added") == MessageID.personAdded)
        #expect(MessageID.forEvent("check-in") == MessageID.checkIn)
        #expect(MessageID.forEvent("caught-up") == MessageID.caughtUp)
        #expect(MessageID.forEvent("policy-reload-failed") == MessageID.policyReloadFailed)
        #expect(MessageID.forEvent("no-such-event") == nil)
        #expect(Set(MessageID.all.map(\.event)).count == MessageID.all.count)
    }
}
