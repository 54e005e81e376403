import NIOCore
import Testing

@testable import CCSDVarlink

@Suite("Framing and message parsing")
struct FramingTests {
    private func frames(_ chunks: [String], limit: Int = 1 << 20) -> [VarlinkFrame] {
        var framer = VarlinkFramer(maxMessageBytes: limit)
        var buffer = ByteBuffer()
        var frames: [VarlinkFrame] = []
        for chunk in chunks {
            buffer.writeBytes(Array(chunk.utf8))
            while let frame = framer.next(from: &buffer) { frames.append(frame) }
        }
        return frames
    }

    private func message(_ text: String) -> VarlinkFrame { .message(ByteBuffer(string: text)) }

    @Test func messageSplitAcrossReads() {
        #expect(frames(["{\"meth", "od\":", "\"a.b.C\"}\0"]) == [message("{\"method\":\"a.b.C\"}")])
    }

    @Test func severalMessagesInOneRead() {
        #expect(frames(["{}\0[]\0{\"a\":1}\0{\"b"]) == [message("{}"), message("[]"), message("{\"a\":1}")])
    }

    @Test func messageOfExactlyTheLimitIsAccepted() {
        #expect(frames([String(repeating: "x", count: 8) + "\0"], limit: 8) == [message("xxxxxxxx")])
    }

    @Test func messageOverTheLimitIsOversizedAndTheRestDiscarded() {
        #expect(frames(["xxxx", "xxxxx", "x\0{}\0"], limit: 8) == [.oversized])
    }

    @Test func oversizedIsDetectedWithoutWaitingForTheNul() {
        #expect(frames([String(repeating: "y", count: 20)], limit: 8) == [.oversized])
    }

    @Test func validCallParses() throws {
        let call = try VarlinkWire.parseCall(
            ByteBuffer(string: #"{"method":"org.example.ping.Ping","parameters":{"text":"hi"},"more":true}"#)
        ).get()
        #expect(call.method == "org.example.ping.Ping")
        #expect(call.interface == "org.example.ping")
        #expect(call.methodName == "Ping")
        #expect(call.parameters == ["text": "hi"])
        #expect(call.more && !call.oneway)
    }

    @Test(arguments: [
        (#"{"parameters":{}}"#, "method"),
        (#"{"method":42}"#, "method"),
        (#"{"method":"Ping"}"#, "method"),
        (#"{"method":"org.example.ping."}"#, "method"),
        (#"{"method":"a.b.C","parameters":[1]}"#, "parameters"),
        (#"{"method":"a.b.C","more":"yes"}"#, "more"),
        (#"{"method":"a.b.C","upgrade":true}"#, "upgrade"),
    ])
    func invalidCallsNameTheField(text: String, field: String) {
        #expect(VarlinkWire.parseCall(ByteBuffer(string: text)) == .failure(.invalid(.invalidParameter(field))))
    }

    @Test(arguments: ["{", "not json", "[1,2]", "\"text\""])
    func malformedMessages(text: String) {
        #expect(VarlinkWire.parseCall(ByteBuffer(string: text)) == .failure(.malformed))
    }

    @Test func invalidUTF8IsMalformed() {
        var buffer = ByteBuffer(string: #"{"method":"a.b.C","parameters":{"text":""#)
        buffer.writeBytes([0xC3, 0x28, 0xFF])
        buffer.writeString(#""}}"#)
        #expect(VarlinkWire.parseCall(buffer) == .failure(.malformed))
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let deep = #"{"method":"a.b.C","parameters":{"x":"# + String(repeating: "[", count: 100_000)
        #expect(VarlinkWire.parseCall(ByteBuffer(string: deep)) == .failure(.malformed))
    }

    @Test func replyAndErrorEncoding() throws {
        let reply = VarlinkWire.reply(encodedParameters: Array("{}".utf8), continues: true, allocator: .init())
        #expect(String(buffer: reply) == "{\"parameters\":{},\"continues\":true}\0")
        let error = VarlinkWire.error(.invalidParameter("n"), allocator: .init())
        #expect(
            String(buffer: error)
                == "{\"error\":\"org.varlink.service.InvalidParameter\",\"parameters\":{\"parameter\":\"n\"}}\0"
        )
        let call = try VarlinkWire.call(method: "a.b.C", parameters: ["k": JSONValue.int(1)], more: true, oneway: false)
        #expect(
            String(decoding: call, as: UTF8.self) == "{\"method\":\"a.b.C\",\"parameters\":{\"k\":1},\"more\":true}\0")
    }
}
