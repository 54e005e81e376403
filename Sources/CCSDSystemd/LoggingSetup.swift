import Logging

/// Chooses where ccsd's swift-log output goes: the journal under systemd, stderr in a terminal.
public enum LoggingSetup {
    /// Where log output goes.
    public enum Destination: String, Sendable {
        /// ``JournalLogHandler``: structured entries over journald's native protocol.
        case journal
        /// ``StderrLogHandler``: one line per call.
        case stderr
    }

    /// The destination ``bootstrap(forceStderr:logLevel:metadataProvider:)`` picks: the journal when ``Journal/isAvailable``.
    public static func destination(forceStderr: Bool = false) -> Destination {
        !forceStderr && Journal.isAvailable ? .journal : .stderr
    }

    /// Installs the journal or stderr handler for every logger; call once, before the first `Logger` is made.
    ///
    /// - Parameters:
    ///   - forceStderr: log to stderr even under systemd (for `--check-config` output a person reads, say).
    ///   - logLevel: the lowest level logged.
    ///   - metadataProvider: contextual metadata added to every entry (task-local values, for example).
    /// - Returns: the destination chosen, so the caller can say where its logs go.
    @discardableResult
    public static func bootstrap(
        forceStderr: Bool = false,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> Destination {
        let destination = destination(forceStderr: forceStderr)
        switch destination {
        case .journal:
            LoggingSystem.bootstrap(
                { label, provider in JournalLogHandler(label: label, logLevel: logLevel, metadataProvider: provider) },
                metadataProvider: metadataProvider
            )
        case .stderr:
            LoggingSystem.bootstrap(
                { label, provider in StderrLogHandler(label: label, logLevel: logLevel, metadataProvider: provider) },
                metadataProvider: metadataProvider
            )
        }
        return destination
    }
}
