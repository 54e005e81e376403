import Foundation
import Testing

@testable import CCSDVarlink

@Suite("Decoding parameters and JSON values")
struct CallDecodingTests {
    struct Person: Decodable {
        struct Contact: Decodable { var phone: String }
        var id: String
        var age: Int
        var contact: Contact?
        var tags: [String]?
    }

    private func decodeError(_ parameters: [String: JSONValue]) -> VarlinkError? {
        do {
            _ = try VarlinkCall(method: "a.b.C", parameters: parameters).decode(Person.self)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesValidParameters() throws {
        let person = try VarlinkCall(method: "a.b.C", parameters: ["id": "JX-1", "age": 30]).decode(Person.self)
        #expect(person.id == "JX-1" && person.age == 30)
    }

    @Test func missingFieldIsNamed() {
        #expect(decodeError(["age": 3]) == .invalidParameter("id"))
    }

    @Test func wrongTypeIsNamed() {
        #expect(decodeError(["id": "JX-1", "age": "thirty"]) == .invalidParameter("age"))
        #expect(decodeError(["id": "JX-1", "age": 1.5]) == .invalidParameter("age"))
        #expect(decodeError(["id": "JX-1", "age": 1e300]) == .invalidParameter("age"))
        #expect(decodeError(["id": "JX-1", "age": [1]]) == .invalidParameter("age"))
        #expect(decodeError(["id": "JX-1", "age": 30, "contact": "none"]) == .invalidParameter("contact"))
        #expect(decodeError(["id": .null, "age": 1]) == .invalidParameter("id"))
    }

    @Test func nestedFieldsAreNamedByPath() {
        #expect(decodeError(["id": "x", "age": 1, "contact": ["phone": 5]]) == .invalidParameter("contact.phone"))
        #expect(decodeError(["id": "x", "age": 1, "tags": ["a", 2]]) == .invalidParameter("tags[1]"))
    }

    @Test func decodesTheUsualShapes() throws {
        struct Everything: Decodable, Equatable {
            enum Kind: String, Decodable { case phone, video }
            var small: UInt8
            var whole: Double
            var ratio: Float
            var flag: Bool
            var kind: Kind
            var optional: String?
            var absent: Int?
            var list: [Int]
            var map: [String: Int]
            var byNumber: [Int: String]
            var nested: [[String]]
            var url: URL
            var data: Data
            var raw: JSONValue
        }
        let parameters: [String: JSONValue] = [
            "small": 255, "whole": 2, "ratio": 0.5, "flag": true, "kind": "video", "optional": nil,
            "list": [1, 2], "map": ["a": 1], "byNumber": ["7": "seven"], "nested": [["x"], []],
            "url": "https://example.org/a", "data": "AAE=", "raw": ["keep": 1.0],
        ]
        let decoded = try VarlinkCall(method: "a.b.C", parameters: parameters).decode(Everything.self)
        #expect(decoded.small == 255 && decoded.whole == 2 && decoded.ratio == 0.5 && decoded.flag)
        #expect(decoded.kind == .video && decoded.optional == nil && decoded.absent == nil)
        #expect(decoded.list == [1, 2] && decoded.map == ["a": 1] && decoded.byNumber == [7: "seven"])
        #expect(decoded.nested == [["x"], []] && decoded.url.host == "example.org" && decoded.data == Data([0, 1]))
        #expect(decoded.raw == ["keep": .double(1.0)])
        #expect(
            throws: VarlinkError.invalidParameter("small"),
            performing: { try VarlinkCall(method: "a.b.C", parameters: ["small": 256]).decode(Everything.self) }
        )
        #expect(
            throws: VarlinkError.invalidParameter("kind"),
            performing: {
                var wrongKind = parameters
                wrongKind["kind"] = "carrier pigeon"
                return try VarlinkCall(method: "a.b.C", parameters: wrongKind).decode(Everything.self)
            }
        )
    }

    @Test func varlinkErrorsFromDecodersPassThrough() {
        struct Picky: Decodable {
            init(from decoder: any Decoder) throws { throw VarlinkError.permissionDenied }
        }
        #expect(throws: VarlinkError.permissionDenied) { try VarlinkCall(method: "a.b.C").decode(Picky.self) }
    }

    @Test func integersStayExact() throws {
        let value = try JSONValue.parse(Array(#"{"big":9007199254740993,"f":1.5,"neg":-3,"huge":1e300}"#.utf8))
        #expect(value["big"] == .int(9_007_199_254_740_993))
        #expect(value["f"] == .double(1.5))
        #expect(value["neg"]?.intValue == -3)
        #expect(value["huge"] == .double(1e300))
    }

    @Test func valuesRoundTrip() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": ["c": [:]]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(value["a"]?[2]?.stringValue == "x")
        #expect(value["a"]?[3]?.boolValue == true)
        #expect(value["a"]?[4]?.isNull == true)
    }

    @Test func encodableConvertsToValue() throws {
        struct Reply: Encodable { var name = "n"; var count = 2 }
        #expect(try JSONValue(encoding: Reply()) == ["name": "n", "count": 2])
    }

    @Test func errorDescriptionIsReadable() {
        #expect("\(VarlinkError.invalidParameter("age"))" == "org.varlink.service.InvalidParameter(parameter: \"age\")")
        #expect(VarlinkError.invalidParameter("age").invalidParameterName == "age")
    }
}
