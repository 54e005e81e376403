import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Closed-loop Varlink load: each client keeps `depth` calls in flight on its connection (1: send a call, wait for
/// its NUL-terminated reply, send the next); a call's latency runs from its send to its reply.
///
/// With `RecordCheckIn` a reply means the check-in is on disk, so calls/s is the durable check-in rate.
/// `{case}` in the parameters is replaced by a random case id `PREFIX-NNNNNNN` below `persons`.
struct LoadClient {
    var socket = ""
    var method = "io.ccsd.Supervision.GetStatus"
    var parameters = "{}"
    var clients = 1
    var depth = 1
    var seconds = 5.0
    var casePrefix = "BJ"
    var persons = 1

    final class Tally: @unchecked Sendable {
        var calls = 0
        var errors = 0
        var latencies: [UInt64] = []
        var firstError = ""
    }

    /// Runs the load and returns a JSON object with calls, errors, calls/s and latency percentiles (µs).
    func run() -> String {
        let tallies = (0..<clients).map { _ in Tally() }
        let done = DispatchSemaphore(value: 0)
        let start = monotonicNanoseconds()
        let end = start + UInt64(seconds * 1e9)
        for (index, tally) in tallies.enumerated() {
            let thread = Thread { [self] in
                drive(seed: UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15, until: end, into: tally)
                done.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in tallies { done.wait() }
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        var latencies = tallies.flatMap(\.latencies)
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1000
        }
        let calls = tallies.reduce(0) { $0 + $1.calls }
        let errors = tallies.reduce(0) { $0 + $1.errors }
        let firstError = tallies.first { !$0.firstError.isEmpty }?.firstError ?? ""
        let escaped = firstError.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"calls\": \(calls), \"errors\": \(errors), \"seconds\": \(elapsed), "
            + "\"per_second\": \(Double(calls) / elapsed), \"p50_us\": \(percentile(0.5)), "
            + "\"p99_us\": \(percentile(0.99)), \"max_us\": \(percentile(1)), \"clients\": \(clients), "
            + "\"depth\": \(depth), "
            + "\"first_error\": \"\(escaped.prefix(300))\"}"
    }

    private func drive(seed: UInt64, until end: UInt64, into tally: Tally) {
        let fd = UnixStream.connect(socket)
        guard fd >= 0 else {
            tally.errors += 1
            tally.firstError = "cannot connect to \(socket): errno \(errno)"
            return
        }
        defer { close(fd) }
        var state = seed
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        // Send times of the calls in flight, oldest first; `head` is the oldest's index.
        var sent: [UInt64] = []
        var head = 0
        var reply: [UInt8] = []
        let fixed = parameters.contains("{case}") ? nil : request(parameters)
        tally.latencies.reserveCapacity(1 << 16)
        func nextMessage() -> [UInt8] {
            if let fixed { return fixed }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let index = Int((state >> 33) % UInt64(max(1, persons)))
            let digits = String(index)
            let caseID = casePrefix + "-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
            return request(parameters.replacingOccurrences(of: "{case}", with: caseID))
        }
        while true {
            let now = monotonicNanoseconds()
            if now < end {
                // Top up to `depth` in flight, in one write.
                var messages: [UInt8] = []
                while sent.count - head < depth {
                    messages += nextMessage()
                    sent.append(now)
                }
                guard messages.isEmpty || UnixStream.writeAll(fd, messages) else {
                    tally.errors += 1
                    tally.firstError = "write failed: errno \(errno)"
                    return
                }
            } else if sent.count == head {
                return
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 {
                tally.errors += 1
                tally.firstError = "connection closed by the server"
                return
            }
            let received = monotonicNanoseconds()
            for byte in buffer[0..<n] {
                guard byte == 0 else {
                    reply.append(byte)
                    continue
                }
                tally.latencies.append(received - sent[head])
                head += 1
                tally.calls += 1
                if reply.starts(with: Array("{\"error\"".utf8)) {
                    tally.errors += 1
                    if tally.firstError.isEmpty { tally.firstError = String(decoding: reply, as: UTF8.self) }
                }
                reply.removeAll(keepingCapacity: true)
            }
            if head > 4096 {
                sent.removeFirst(head)
                head = 0
            }
        }
    }

    private func request(_ parameters: String) -> [UInt8] {
        Array("{\"method\":\"\(method)\",\"parameters\":\(parameters)}".utf8) + [0]
    }
}
