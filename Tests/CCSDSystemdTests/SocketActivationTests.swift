import Testing

@testable import CCSDSystemd

#if canImport(Glibc)
    import Glibc
#endif

extension SystemTests {
    /// `sd_listen_fds_with_names` through the environment systemd sets for an activated service.
    @Suite struct SocketActivationTests {
        /// Runs `body` with fd 3 open (sd_listen_fds marks passed fds close-on-exec and fails on closed ones),
        /// restoring fd 3's flags, or closing it when this test opened it.
        private func withFD3(_ body: () throws -> Void) throws {
            let flags = fcntl(3, F_GETFD)
            var opened = false
            if flags < 0 {
                let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                try #require(fd >= 0)
                if fd != 3 {
                    try #require(dup2(fd, 3) == 3)
                    close(fd)
                }
                opened = true
            }
            defer { if opened { close(3) } else { _ = fcntl(3, F_SETFD, flags) } }
            try body()
        }

        @Test func returnsNamedSocketsAndClearsTheEnvironment() throws {
            try withFD3 {
                let environment = ["LISTEN_PID": String(getpid()), "LISTEN_FDS": "1", "LISTEN_FDNAMES": "varlink"]
                try withEnvironment(environment) {
                    let fds = SocketActivation.listenFDs()
                    try #require(fds.count == 1)
                    #expect(fds[0].fd == 3)
                    #expect(fds[0].name == "varlink")
                    #expect(SocketActivation.fd(named: "varlink", in: fds) == 3)
                    #expect(SocketActivation.fd(named: "other", in: fds) == nil)
                    #expect(getenv("LISTEN_FDS") == nil)
                    #expect(fcntl(3, F_GETFD) & FD_CLOEXEC != 0)
                    #expect(SocketActivation.listenFDs().isEmpty)
                }
            }
        }

        @Test func ignoresSocketsMeantForAnotherProcess() throws {
            try withFD3 {
                withEnvironment(["LISTEN_PID": "1", "LISTEN_FDS": "1", "LISTEN_FDNAMES": "varlink"]) {
                    #expect(SocketActivation.listenFDs().isEmpty)
                }
            }
        }

        @Test func emptyWithoutActivation() {
            withEnvironment(["LISTEN_PID": nil, "LISTEN_FDS": nil, "LISTEN_FDNAMES": nil]) {
                #expect(SocketActivation.listenFDs().isEmpty)
            }
        }
    }
}
