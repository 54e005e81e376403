import CCSDNotify
import Synchronization

/// The message templates in force: those loaded at start, replaced by each reload that finds them sound.
///
/// The Caseload's reload checks the policies against the templates on disk; the dispatcher must then render with
/// those same templates, or a reload that adds a template would be accepted while every message naming it failed.
public final class LoadedTemplates: Sendable {
    private let templates: Mutex<MessageTemplates>

    public init(_ templates: MessageTemplates) {
        self.templates = Mutex(templates)
    }

    public var current: MessageTemplates { templates.withLock { $0 } }

    func replace(_ newer: MessageTemplates) {
        templates.withLock { $0 = newer }
    }
}
