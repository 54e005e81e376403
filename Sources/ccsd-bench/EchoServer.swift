import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The baseline for the status query: a thread-per-connection server that writes back what it reads.
enum EchoServer {
    /// Serves until killed; prints `listening` once the socket is bound.
    static func run(socket path: String) -> Never {
        let listener = UnixStream.listen(path)
        guard listener >= 0 else {
            print("ccsd-bench: cannot listen on \(path): errno \(errno)")
            exit(1)
        }
        print("listening")
        fflush(nil)
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { continue }
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                    if n <= 0 || !UnixStream.writeAll(fd, Array(buffer[0..<n])) { break }
                }
                close(fd)
            }
            thread.start()
        }
    }
}
