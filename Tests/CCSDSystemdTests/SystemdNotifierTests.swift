import Testing

@testable import CCSDSystemd

#if canImport(Glibc)
    import Glibc
#endif

extension SystemTests {
    /// `sd_notify` messages, read back from a datagram socket standing in for systemd's.
    @Suite struct SystemdNotifierTests {
        /// A bound Unix datagram socket in a temporary directory.
        final class FakeNotifySocket {
            let directory = makeTemporaryDirectory()
            let path: String
            let fd: Int32

            init() throws {
                path = directory + "/notify.sock"
                fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                try #require(fd >= 0)
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                withUnsafeMutableBytes(of: &address.sun_path) { raw in
                    for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
                }
                let bound = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
                try #require(bound == 0, "bind \(path): errno \(errno)")
            }

            deinit {
                close(fd)
                unlink(path)
                rmdir(directory)
            }

            /// Every datagram queued so far (sd_notify has sent it before it returns).
            func drain() -> [String] {
                var messages: [String] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    guard count > 0 else { return messages }
                    messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
                }
            }
        }

        @Test func sendsEveryNotification() throws {
            let fake = try FakeNotifySocket()
            try withEnvironment(["NOTIFY_SOCKET": fake.path]) {
                let notifier = SystemdNotifier()
                #expect(notifier.isEnabled)
                let before = SystemdNotifier.monotonicMicroseconds()
                notifier.ready(status: "12 persons, 3 open windows")
                notifier.status("next deadline\n2026-12-01")
                notifier.reloading()
                notifier.watchdog()
                notifier.extendTimeout(by: .seconds(90))
                notifier.stopping()
                let messages = fake.drain()
                try #require(messages.count == 6)
                #expect(messages[0] == "READY=1\nSTATUS=12 persons, 3 open windows")
                #expect(messages[1] == "STATUS=next deadline 2026-12-01")
                let reload = messages[2].split(separator: "\n")
                #expect(reload.first == "RELOADING=1")
                let usec = try #require(reload.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
                #expect(reload.last?.hasPrefix("MONOTONIC_USEC=") == true)
                #expect(usec >= before && usec <= SystemdNotifier.monotonicMicroseconds())
                #expect(messages[3] == "WATCHDOG=1")
                #expect(messages[4] == "EXTEND_TIMEOUT_USEC=90000000")
                #expect(messages[5] == "STOPPING=1")
            }
        }

        @Test func isANoOpWithoutNotifySocket() throws {
            let fake = try FakeNotifySocket()
            let notifier = withEnvironment(["NOTIFY_SOCKET": nil]) { SystemdNotifier() }
            #expect(!notifier.isEnabled)
            withEnvironment(["NOTIFY_SOCKET": fake.path]) {
                #expect(notifier.send("READY=1") == 0)
                notifier.ready()
                #expect(fake.drain().isEmpty)
            }
        }

        @Test func watchdogIntervalFollowsTheEnvironment() {
            let pid = String(getpid())
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": pid]) {
                #expect(SystemdNotifier.watchdogInterval() == .seconds(30))
            }
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": nil]) {
                #expect(SystemdNotifier.watchdogInterval() == .seconds(30))
            }
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]) {
                #expect(SystemdNotifier.watchdogInterval() == nil)
            }
            withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
                #expect(SystemdNotifier.watchdogInterval() == nil)
            }
        }

        @Test func durationsInMicroseconds() {
            #expect(SystemdNotifier.microseconds(.seconds(90)) == 90_000_000)
            #expect(SystemdNotifier.microseconds(.milliseconds(1500)) == 1_500_000)
            #expect(SystemdNotifier.microseconds(.seconds(-1)) == 0)
        }
    }
}
