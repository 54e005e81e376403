import AsyncHTTPClient
import Foundation
import Testing

@testable import CCSDNotify

#if canImport(Glibc)
    import Glibc
#endif

@Suite("webhook channel") struct WebhookChannelTests {
    static let reminder = ExecChannelTests.reminder

    private func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookChannel.clientConfiguration())
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test func documentAndHeadersArrive() async throws {
        let receiver = try await LoopbackReceiver.start(.ok)
        let outcome = try await withClient { client in
            let channel = WebhookChannel(
                name: "hook", url: receiver.url, headers: [("Authorization", "Bearer s3cret"), ("X-Office", "jx")],
                timeout: .seconds(10), client: client)
            return await channel.deliver(Self.reminder)
        }
        let requests = try receiver.requests()
        try await receiver.stop()
        #expect(outcome.isDelivered)
        #expect(outcome.detail.hasPrefix("HTTP 200 OK: ok xxx"))
        #expect(outcome.detail.utf8.count <= 1100)
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request["path"] as? String == "/hook")
        let headers = try #require(request["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer s3cret")
        #expect(headers["x-office"] == "jx")
        #expect(headers["content-type"] == "application/json")
        let body = try #require(request["body"] as? String)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(document["id"] as? Int == 42)
        #expect(document["event"] as? String == "reminder")
        #expect(document["case_id"] as? String == "JX-2026-0042")
        #expect(document["recipient"] as? String == "person")
        #expect(document["address"] as? String == "+8613800000000")
        #expect(document["message"] as? String == Self.reminder.message)
        #expect(document["fields"] as? [String: String] == Self.reminder.fields)
        let sentAt = try #require(document["sent_at"] as? String)
        #expect(try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#).wholeMatch(in: sentAt) != nil)
        #expect(
            Set(document.keys) == ["id", "event", "case_id", "recipient", "address", "message", "fields", "sent_at"])
    }

    @Test func noAddressForOfficersAndNullCaseID() throws {
        var test = Self.reminder
        test.recipient = "officer"
        test.caseID = nil
        let data = try WebhookDocument(notification: test, sentAt: Date(timeIntervalSince1970: 0)).json()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["address"] == nil)
        #expect(document["case_id"] is NSNull)
        #expect(document["sent_at"] as? String == "1970-01-01T00:00:00Z")
    }

    @Test func serverErrorFails() async throws {
        let receiver = try await LoopbackReceiver.start(.fail)
        let outcome = try await withClient { client in
            await WebhookChannel(name: "hook", url: receiver.url, headers: [], timeout: .seconds(10), client: client)
                .deliver(Self.reminder)
        }
        try await receiver.stop()
        #expect(
            outcome
                == .failed(
                    reason: "HTTP 500 Internal Server Error",
                    detail: "HTTP 500 Internal Server Error: receiver says no"))
    }

    @Test func connectionRefusedFails() async throws {
        // A port bound but not listening refuses connections, and no one else can take it meanwhile.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let port = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length)
                getsockname(fd, $0, &length)
            }
            return Int(UInt16(bigEndian: pointer.pointee.sin_port))
        }
        let url = URL(string: "http://127.0.0.1:\(port)/hook")!
        let started = ContinuousClock.now
        let outcome = try await withClient { client in
            await WebhookChannel(name: "hook", url: url, headers: [], timeout: .seconds(90), client: client)
                .deliver(Self.reminder)
        }
        guard case .failed(let reason, _) = outcome else {
            Issue.record("delivered to a closed port")
            return
        }
        // Far below the 90 s timeout (with room for a loaded CI machine): a refused connection is not retried.
        #expect(ContinuousClock.now - started < .seconds(45), "a refused connection is not retried until the timeout")
        #expect(reason.hasPrefix("connection failed") || reason.hasPrefix("request failed"))
    }

    @Test func timeoutFails() async throws {
        let receiver = try await LoopbackReceiver.start(.slow)
        let outcome = try await withClient { client in
            await WebhookChannel(
                name: "hook", url: receiver.url, headers: [], timeout: .milliseconds(500), client: client
            ).deliver(Self.reminder)
        }
        try await receiver.stop()
        // The receiver answers after 3 s; a failure that says "timed out after 500ms" proves the timeout fired
        // (a wall-clock bound would be flaky on a loaded CI machine).
        #expect(outcome.isDelivered == false)
        if case .failed(let reason, _) = outcome { #expect(reason == "timed out after 500ms") }
    }
}
