import CCSDConfig
import CCSDCore
import CCSDStore
import CCSDTime

/// Every policy directory ccsd has run with, each from when it took effect; history is replayed with the
/// policies of its time.
struct PolicyLibrary: Sendable {
    struct Epoch: Sendable {
        let effective: Instant
        let hash: String
        let set: PolicySet
    }

    private(set) var epochs: [Epoch] = []

    var current: PolicySet { epochs.last?.set ?? PolicySet() }

    /// The directory's texts hashed in a stable order.
    static func hash(_ files: [String: String]) -> String {
        StoredEvent.digest(StoredEvent.canonicalJSON(files))
    }

    /// Parses a directory's texts; problems (file and key) if any file is invalid.
    static func parse(_ files: [String: String], directory: String, zones: any ZoneProvider) -> Result<
        PolicySet, ConfigProblems
    > {
        if files.isEmpty {
            return .failure(
                ConfigProblems([ConfigProblem(file: directory, key: "", message: "no policies (*.toml) found")]))
        }
        let (set, problems) = PolicySet.load(files: files, directory: directory, zones: zones)
        return problems.isEmpty ? .success(set) : .failure(ConfigProblems(problems))
    }

    mutating func append(effective: Instant, hash: String, set: PolicySet) {
        epochs.append(Epoch(effective: effective, hash: hash, set: set))
    }

    /// The epoch in force at `instant` (the first one for earlier instants).
    func epochIndex(at instant: Instant) -> Int {
        var index = 0
        for (i, epoch) in epochs.enumerated() where epoch.effective <= instant { index = i }
        return index
    }
}
