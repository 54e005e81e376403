import Foundation
import NIOCore

/// The Varlink message formats: call, reply and error, each one JSON object followed by a NUL.
enum VarlinkWire {
    /// Why a received message is not a call the server can dispatch.
    enum RequestProblem: Error, Equatable {
        /// Not JSON (or not UTF-8, or nested too deeply): the stream cannot be trusted, so the server
        /// replies `InvalidParameter(parameter: "message")` and closes the connection.
        case malformed
        /// JSON, but not a valid call: the server replies this error and keeps the connection.
        case invalid(VarlinkError)
    }

    /// Parses a received message into a call.
    static func parseCall(_ message: ByteBuffer) -> Result<VarlinkCall, RequestProblem> {
        let value: JSONValue
        do {
            value = try JSONValue.parse(message.readableBytesView)
        } catch {
            return .failure(.malformed)
        }
        guard case .object(let object) = value else { return .failure(.malformed) }
        guard case .string(let method)? = object["method"], Self.isQualifiedMethod(method) else {
            return .failure(.invalid(.invalidParameter("method")))
        }
        let parameters: [String: JSONValue]
        switch object["parameters"] {
        case nil, .null?: parameters = [:]
        case .object(let members)?: parameters = members
        default: return .failure(.invalid(.invalidParameter("parameters")))
        }
        // more, oneway, upgrade
        var flags: [Bool] = []
        for flag in ["more", "oneway", "upgrade"] {
            switch object[flag] {
            case nil, .null?: flags.append(false)
            case .bool(let set)?: flags.append(set)
            default: return .failure(.invalid(.invalidParameter(flag)))
            }
        }
        if flags[2] {
            // Protocol upgrades are not supported by this server.
            return .failure(.invalid(.invalidParameter("upgrade")))
        }
        return .success(VarlinkCall(method: method, parameters: parameters, more: flags[0], oneway: flags[1]))
    }

    /// `interface.Method`: an interface name with at least one dot, then a method name.
    static func isQualifiedMethod(_ method: String) -> Bool {
        guard let dot = method.lastIndex(of: "."), dot != method.startIndex else { return false }
        let name = method[method.index(after: dot)...]
        // `firstIndex(of:)`, not `contains(".")`: with Foundation imported that is NSString's range(of:), per call.
        return !name.isEmpty && method[..<dot].firstIndex(of: ".") != nil
    }

    /// A reply message: `{"parameters": …, "continues": true}` and the NUL.
    static func reply(
        encodedParameters: some Collection<UInt8>, continues: Bool, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: encodedParameters.count + 40)
        writeReply(encodedParameters: encodedParameters, continues: continues, into: &buffer)
        return buffer
    }

    /// Appends a reply message to `buffer`.
    static func writeReply(encodedParameters: some Collection<UInt8>, continues: Bool, into buffer: inout ByteBuffer) {
        buffer.writeString(#"{"parameters":"#)
        buffer.writeBytes(encodedParameters)
        buffer.writeString(continues ? #","continues":true}"# : "}")
        buffer.writeInteger(UInt8(0))
    }

    /// An error message: `{"error": name, "parameters": …}` and the NUL.
    static func error(_ error: VarlinkError, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 128)
        writeError(error, into: &buffer)
        return buffer
    }

    /// Appends an error message to `buffer`.
    static func writeError(_ error: VarlinkError, into buffer: inout ByteBuffer) {
        let body: JSONValue = ["error": .string(error.name), "parameters": .object(error.parameters)]
        // Only a non-finite number in the parameters can make encoding fail; then send the name alone.
        let nameOnly: JSONValue = ["error": .string(error.name)]
        buffer.writeBytes((try? body.jsonBytes()) ?? (try? nameOnly.jsonBytes()) ?? [])
        buffer.writeInteger(UInt8(0))
    }

    /// A call message for the client.
    static func call(method: String, parameters: some Encodable, more: Bool, oneway: Bool) throws -> [UInt8] {
        var bytes = Array(#"{"method":"#.utf8)
        bytes += try JSONValue.makeEncoder().encode(method)
        bytes += Array(#","parameters":"#.utf8)
        bytes += try JSONValue.encodeObject(parameters)
        if more { bytes += Array(#","more":true"#.utf8) }
        if oneway { bytes += Array(#","oneway":true"#.utf8) }
        bytes += [UInt8(ascii: "}"), 0]
        return bytes
    }
}
