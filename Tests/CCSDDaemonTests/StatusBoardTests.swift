import CCSDDaemon
import CCSDProtocol
import Foundation
import Testing

@Suite("GetStatus from the published status board")
struct StatusBoardTests {
    /// The board's bytes, read before asking the actor (which publishes too), against `JSONEncoder`'s.
    static func expectBoardMatchesTheActor(_ caseload: Caseload) async throws {
        let published = caseload.board.encodedStatusReply()
        let line = caseload.board.statusLine()
        let next = caseload.board.nextDeadline
        #expect(next == (await caseload.nextDeadline()))
        #expect(line == (await caseload.statusLine()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(Methods.GetStatusReply(status: await caseload.status()))
        #expect(published.map { String(decoding: $0, as: UTF8.self) } == String(decoding: expected, as: UTF8.self))
    }

    @Test("the board says what the actor says, byte for byte, after every kind of change")
    func followsTheActor() async throws {
        let fixture = try DaemonFixture()
        try await fixture.run { caseload, _ in
            try await Self.expectBoardMatchesTheActor(caseload)
            _ = try await CaseloadTests.add(caseload)
            try await Self.expectBoardMatchesTheActor(caseload)
            fixture.clock.set(DaemonFixture.instant("2026-12-01T09:30:00+08:00"))
            try await caseload.runDue()
            try await Self.expectBoardMatchesTheActor(caseload)
            #expect(caseload.board.status()?.openIncidents == 2)
            _ = try await CaseloadTests.add(caseload, "JX-2026-0043")
            try await Self.expectBoardMatchesTheActor(caseload)
            #expect(caseload.board.status()?.persons == 2)
        }
    }
}
