import Foundation
import Testing

@testable import CCSDVarlink

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) -> JSONValue? {
        try? JSONValue.parse(Array(text.utf8))
    }

    @Test func scalarsAndContainers() {
        #expect(
            parse(#" {"a" : [1, -2, 0.5, -0, 1e3, true, false, null, "s"], "b": {}} "#)
                == ["a": [1, -2, 0.5, 0, .double(1000), true, false, nil, "s"], "b": [:]])
        #expect(parse("[]") == [])
        #expect(parse("42") == 42)
    }

    @Test func integersAreExactAndLargeOnesBecomeDoubles() {
        #expect(parse("9223372036854775807") == .int(.max))
        #expect(parse("-9223372036854775808") == .int(.min))
        #expect(parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func stringEscapes() {
        #expect(parse(#""a\"b\\c\/d\n\t\u00e9\u4e2d\ud83d\ude00""#) == .string("a\"b\\c/d\n\té中😀"))
        #expect(parse(#""中文 é""#) == "中文 é")
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", #"{"a":1,}"#, "[1 2]", #"{"a" 1}"#, "{a:1}", "01", "1.", ".5", "-", "1e",
        "+1", "tru", "nul", "True", #""abc"#, "\"a\u{01}b\"", #""\x""#, #""\ud800""#, #""\udc00""#, #""\u12G4""#,
        "[1] 2", "1e999", "NaN", "'single'",
    ])
    func rejectsWhatIsNotJSON(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func rejectsInvalidUTF8() {
        #expect((try? JSONValue.parse([0x22, 0xC3, 0x28, 0x22])) == nil)
        #expect((try? JSONValue.parse([0x22, 0xED, 0xA0, 0x80, 0x22])) == nil)  // an encoded surrogate
    }

    @Test func nestingLimit() {
        let limit = JSONValue.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(parse(deepest) != nil)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(throws: JSONWireError.tooDeep) { try JSONValue.parse(Array(tooDeep.utf8)) }
        #expect(parse(#"{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}"#) != nil)
    }

    /// A message near the 1 MiB limit parses (its speed is a benchmark's business, not a unit test's).
    @Test func aLargeMessageParses() throws {
        let item = #"{"case_id":"JX-2026-0042","tags":["a","b"],"n":12,"f":1.5,"ok":true,"note":"\u00e9"}"#
        let text = "[" + Array(repeating: item, count: 11_000).joined(separator: ",") + "]"
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value.arrayValue?.count == 11_000)
    }
}
