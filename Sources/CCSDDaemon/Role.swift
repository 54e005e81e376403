import Foundation

/// What a caller may do, from its Unix groups: root and `ccsd-admin` everything, `ccsd-officer` record and read,
/// `ccsd-auditor` read.
public enum Role: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    case none = 0
    case auditor = 1
    case officer = 2
    case admin = 3

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .auditor: "ccsd-auditor"
        case .officer: "ccsd-officer"
        case .admin: "ccsd-admin"
        }
    }

    /// The role of a uid from the group database (primary and supplementary groups); root is admin.
    public static func of(uid: UInt32) -> (name: String, role: Role) {
        guard let entry = getpwuid(uid_t(uid)) else { return (String(uid), uid == 0 ? .admin : .none) }
        let name = String(cString: entry.pointee.pw_name)
        if uid == 0 { return (name, .admin) }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pointee.pw_name, entry.pointee.pw_gid, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(entry.pointee.pw_name, entry.pointee.pw_gid, &groups, &count)
        }
        var role = Role.none
        for gid in groups.prefix(Int(max(count, 0))) {
            guard let group = getgrgid(gid) else { continue }
            switch String(cString: group.pointee.gr_name) {
            case "ccsd-admin": role = max(role, .admin)
            case "ccsd-officer": role = max(role, .officer)
            case "ccsd-auditor": role = max(role, .auditor)
            default: break
            }
        }
        return (name, role)
    }
}
