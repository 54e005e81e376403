import CCSDTime
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system's zoneinfo database (TZif files), read on demand and cached.
public final class ZoneDatabase: ZoneProvider, Sendable {
    /// The directory holding the TZif files, e.g. `/usr/share/zoneinfo`.
    public let directory: String
    private let cache = Mutex<[String: ZoneRules?]>([:])

    /// Uses `directory`, else `$TZDIR`, else `/usr/share/zoneinfo`.
    public init(directory: String? = nil) {
        if let directory {
            self.directory = directory
        } else if let env = getenv("TZDIR"), let dir = String(validatingCString: env), !dir.isEmpty {
            self.directory = dir
        } else {
            self.directory = "/usr/share/zoneinfo"
        }
    }

    /// The zone called `identifier`, or nil if the name is invalid or no valid TZif file has it.
    public func zone(named identifier: String) -> ZoneRules? {
        if let cached = cache.withLock({ $0[identifier] }) { return cached }
        let zone = load(identifier)
        cache.withLock { $0[identifier] = zone }
        return zone
    }

    /// Whether `name` is a syntactically valid zone name (systemd's rules: no `..`, no leading `/`).
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count < 4096, !name.hasPrefix("/"), !name.hasSuffix("/") else {
            return false
        }
        var previousSlash = false
        for c in name.utf8 {
            let ok =
                (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == 0x2D || c == 0x5F
                || c == 0x2B || c == 0x2F
            if !ok || (c == 0x2F && previousSlash) { return false }
            previousSlash = c == 0x2F
        }
        return true
    }

    private func load(_ identifier: String) -> ZoneRules? {
        guard ZoneDatabase.isValidName(identifier) else { return nil }
        guard let bytes = ZoneDatabase.readFile(directory + "/" + identifier) else {
            return identifier == "UTC" ? .utc : nil
        }
        return try? ZoneRules(identifier: identifier, tzif: bytes)
    }

    /// The zone of this process: `$TZ` (`:Name`, `Name`, a path or a POSIX rule), else `/etc/localtime`, else UTC.
    public func localZone() -> ZoneRules {
        if let env = getenv("TZ"), let raw = String(validatingCString: env) {
            let name = raw.hasPrefix(":") ? String(raw.dropFirst()) : raw
            if name.isEmpty { return .utc }
            if name.hasPrefix("/") {
                if let bytes = ZoneDatabase.readFile(name),
                    let zone = try? ZoneRules(identifier: identifier(forPath: name), tzif: bytes)
                {
                    return zone
                }
                return .utc
            }
            if let zone = zone(named: name) { return zone }
            return ZoneRules(identifier: name, posixRule: name) ?? .utc
        }
        let link = ZoneDatabase.readLink("/etc/localtime")
        let name = link.map { identifier(forPath: $0) } ?? "localtime"
        if let link, ZoneDatabase.isValidName(name), let zone = zone(named: name), !link.isEmpty { return zone }
        if let bytes = ZoneDatabase.readFile("/etc/localtime"), let zone = try? ZoneRules(identifier: name, tzif: bytes)
        {
            return zone
        }
        return .utc
    }

    /// `Europe/Berlin` for `/usr/share/zoneinfo/Europe/Berlin` (or `../usr/share/zoneinfo/…`).
    private func identifier(forPath path: String) -> String {
        if path.hasPrefix(directory + "/") { return String(path.dropFirst(directory.count + 1)) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if let i = parts.lastIndex(of: "zoneinfo") { return parts[(i + 1)...].joined(separator: "/") }
        return path
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
            if result.count > 16 << 20 { return nil }
        }
        return result
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink(path, &buffer, 4096)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
