import ArgumentParser

/// `--officer`, shared by the queue commands (overdue, upcoming, incidents, proposals).
struct QueueOptions: ParsableArguments {
    @Option(help: "Only this officer's caseload (user name).")
    var officer: String?

    /// `for alice` when filtered, for messages like "no overdue windows for alice".
    var scope: String { officer.map { " for \($0)" } ?? "" }
}
