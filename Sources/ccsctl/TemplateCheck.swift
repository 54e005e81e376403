import CCSDNotify
import Foundation

/// `policy check`'s paths: which policy directory's templates apply to what it is given.
extension TemplateCheck {
    /// The policy directory whose templates apply to a path: a directory itself, a file's folder; a `templates`
    /// directory (or a file in one) stands for its parent.
    static func policyDirectory(for path: String) -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        var url = URL(fileURLWithPath: path)
        if !(exists && isDirectory.boolValue) { url = url.deletingLastPathComponent() }
        if url.lastPathComponent == "templates" { url = url.deletingLastPathComponent() }
        return url.path == "/" ? "/" : url.path
    }

    /// Whether the path is a templates directory or a file in one (not a policy).
    static func isTemplates(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        return url.lastPathComponent == "templates" || url.deletingLastPathComponent().lastPathComponent == "templates"
    }
}
