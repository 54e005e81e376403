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
        withKnownIssue("Foundation's JSONDecoder reports a fraction for an Int without a coding path") {
            #expect(decodeError(["id": "JX-1", "age": 1.5]) == .invalidParameter("age"))
        }
        #expect(decodeError(["id": .null, "age": 1]) == .invalidParameter("id"))
    }

    @Test func nestedFieldsAreNamedByPath() {
        #expect(decodeError(["id": "x", "age": 1, "contact": ["phone": 5]]) == .invalidParameter("contact.phone"))
        #expect(decodeError(["id": "x", "age": 1, "tags": ["a", 2]]) == .invalidParameter("tags[1]"))
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
