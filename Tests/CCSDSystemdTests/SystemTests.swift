import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Tests that touch process-wide state (environment variables, fd 3, the system journal) run one at a time.
///
/// Nested suites live in extensions in their own files; `.serialized` covers them all.
@Suite(.serialized) enum SystemTests {}

/// Sets (or, for nil, unsets) environment variables around `body`, then restores the previous values.
func withEnvironment<T>(_ variables: [String: String?], _ body: () throws -> T) rethrows -> T {
    var saved: [String: String?] = [:]
    for (name, value) in variables {
        saved[name] = getenv(name).map { String(cString: $0) }
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }
    defer {
        for (name, value) in saved {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }
    return try body()
}

/// A fresh private directory under /tmp, removed by the caller.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/ccsd-systemd-test.XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(path != nil, "mkdtemp failed: errno \(errno)")
    return String(cString: path!)
}
