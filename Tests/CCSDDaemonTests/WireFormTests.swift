import CCSDCore
import CCSDProtocol
import CCSDTime
import CCSDVarlink
import Foundation
import Testing

@testable import CCSDDaemon

@Suite("Hot-path JSON written and read without Foundation's coders")
struct WireFormTests {
    static let inputs: [Input] = [
        .checkIn(CheckIn(at: Instant(microseconds: 1_700_000_000_000_000), method: "phone", recordedBy: "li")),
        .checkIn(
            CheckIn(
                at: Instant(microseconds: -5), method: "in-person", recordedBy: "王 \"officer\"",
                note: "line\nbreak / slash \\ tab\t\u{1}")),
        .addLeave(
            Leave(
                id: "L-1", from: Instant(microseconds: 10), until: Instant(microseconds: 20), destination: "上海",
                approver: nil)),
        .cancelLeave(id: "L-1"), .excuse(occurrence: "o", reason: "ill"), .acknowledge(incident: "i", by: "b"),
        .resolve(incident: "i", by: "b", note: ""), .decide(proposal: "p", .accepted, by: "b"),
        .decide(proposal: "p", .rejected, by: "b"), .endSupervision(reason: "done"), .suspend(reason: "custody"),
        .resume,
    ]

    @Test("an input's payload is the JSON JSONEncoder wrote (keys sorted), and reads back the same")
    func inputPayloads() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for input in Self.inputs {
            let (kind, payload) = InputCodec.encode(input)
            let decoded = try #require(InputCodec.decode(kind: kind, payload: payload, policy: { _ in nil }))
            let reference = try JSONDecoder().decode(InputCodec.Payload.self, from: Data(payload.utf8))
            #expect(payload == String(decoding: try encoder.encode(reference), as: UTF8.self))
            #expect(InputCodec.encode(decoded) == (kind, payload))
        }
        #expect(InputCodec.void(seq: 7, reason: "typo") == #"{"id":"7","reason":"typo"}"#)
    }

    @Test("a stored payload reads as JSONDecoder reads it, whoever wrote it")
    func payloadReading() throws {
        // As rows written before the payload had a writer of its own: `/` escaped.
        let foundation = JSONEncoder()
        foundation.outputFormatting = .sortedKeys
        var texts: [String] = []
        for input in Self.inputs {
            let payload = InputCodec.encode(input).payload
            let decoded = try JSONDecoder().decode(InputCodec.Payload.self, from: Data(payload.utf8))
            texts += [payload, String(decoding: try foundation.encode(decoded), as: UTF8.self)]
        }
        texts += [
            #"{"at":1,"method":"phone","extra":[1,{"x":null}]}"#, #"{"at":null,"method":"phone"}"#,
            #"{"at":"1","method":"phone"}"#, #"{"accepted":1}"#, #"{"note":5}"#, "[]", "7", "{", "",
            #"{"at":1.5}"#, #"{"at":9223372036854775807,"by":"\u00e9\ud83d\ude00"}"#,
        ]
        for text in texts {
            let fast = InputCodec.Payload(json: text)
            let slow = try? JSONDecoder().decode(InputCodec.Payload.self, from: Data(text.utf8))
            #expect(fast.map(\.json) == slow.map(\.json), "\(text)")
        }
    }

    @Test("a check-in's reply members are what its Encodable conformance writes")
    func checkInReply() throws {
        for reply in [
            Methods.RecordCheckInReply(
                outcome: "unmatched", occurrence: nil, incident: nil, recordedAt: "2026-11-29T08:00:00+08:00",
                eventSeq: 42),
            Methods.RecordCheckInReply(
                outcome: "resolved", occurrence: "o\"1", incident: "i/2", recordedAt: "t", eventSeq: Int64.max),
        ] {
            #expect(JSONValue.object(reply.jsonObject) == (try JSONValue(encoding: reply)))
        }
    }
}
