import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Sockets handed over by systemd socket activation (`sd_listen_fds_with_names(3)`).
public enum SocketActivation {
    /// Sockets passed by systemd, with their `FileDescriptorName=` names; `[]` when not socket-activated.
    ///
    /// Unsets `$LISTEN_PID`, `$LISTEN_FDS` and `$LISTEN_FDNAMES` so child processes do not inherit them, which also
    /// means a second call returns `[]`: call it once at start. The descriptors are marked close-on-exec.
    /// An unnamed descriptor is reported as `"unknown"`, as systemd does.
    public static func listenFDs() -> [(fd: Int32, name: String)] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        defer { freeNames(names) }
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { index in
            let fd = SD_LISTEN_FDS_START + Int32(index)
            let name = names?[index].map { String(cString: $0) } ?? "unknown"
            return (fd: fd, name: name)
        }
    }

    /// The first passed socket named `name`, from a list returned by ``listenFDs()``.
    public static func fd(named name: String, in fds: [(fd: Int32, name: String)]) -> Int32? {
        fds.first { $0.name == name }?.fd
    }

    /// Frees the strv `sd_listen_fds_with_names` allocated (each string, then the array).
    private static func freeNames(_ names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard let names else { return }
        var index = 0
        while let name = names[index] {
            free(name)
            index += 1
        }
        free(names)
    }
}
