import AsyncHTTPClient
import Foundation

/// Delivers by an HTTP(S) POST of a JSON document (see `WebhookDocument` for its fields) with configured headers.
///
/// A 2xx answer is delivered, with detail "HTTP 204 No Content" and up to 1 KiB of the body; any other status, a
/// connection error or the timeout is failed. The `HTTPClient` is the caller's, shared by every channel and request,
/// and shut down by the caller; create it with `WebhookChannel.clientConfiguration()`, or a refused connection is
/// retried until the timeout and a redirect is followed.
public struct WebhookChannel: NotificationChannel {
    public let name: String
    public let url: URL
    public let headers: [(String, String)]
    public let timeout: Duration
    let client: HTTPClient

    /// At most this many bytes of a response body reach the delivery record.
    static let bodyLimit = 1024

    public init(name: String, url: URL, headers: [(String, String)], timeout: Duration, client: HTTPClient) {
        self.name = name
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.client = client
    }

    /// The configuration for the shared client: a refused connection fails at once (the outbox retries with its own
    /// backoff), and redirects are not followed (a 3xx is a failure that names the new location).
    public static func clientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    public func deliver(_ notification: Notification) async -> DeliveryOutcome {
        let body: Data
        do {
            body = try WebhookDocument(notification: notification, sentAt: Date()).json()
        } catch {
            return .failed(reason: "could not encode the notification", detail: "\(error)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ccsd")
        for (header, value) in headers {
            if header.lowercased() == "content-type" || header.lowercased() == "user-agent" {
                request.headers.replaceOrAdd(name: header, value: value)
            } else {
                request.headers.add(name: header, value: value)
            }
        }
        request.body = .bytes(Array(body))
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            var collected: [UInt8] = []
            var overLimit = false
            for try await chunk in response.body {
                collected += chunk.readableBytesView.prefix(Self.bodyLimit - collected.count)
                if collected.count >= Self.bodyLimit || clock.now >= deadline {
                    overLimit = true
                    break
                }
            }
            var status = "HTTP \(response.status.code) \(response.status.reasonPhrase)"
            if (300..<400).contains(response.status.code), let location = response.headers.first(name: "location") {
                status += " to \(location)"
            }
            let text = String(decoding: collected, as: UTF8.self) + (overLimit ? " […]" : "")
            let detail = text.isEmpty ? status : "\(status): \(text)"
            if (200..<300).contains(response.status.code) { return .delivered(detail: detail) }
            return .failed(reason: status, detail: detail)
        } catch {
            return .failed(reason: Self.reason(error, timeout: timeout), detail: String(describing: error))
        }
    }

    static func reason(_ error: any Error, timeout: Duration) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return "timed out after \(timeout.spelled)"
            default:
                return "request failed: \(error)"
            }
        }
        return "connection failed: \(error)"
    }
}
