import Foundation
import Testing

@testable import CCSDSystemd

/// The files in `units/`: the catalog explains every MESSAGE_ID and parses; the units pass systemd's own checks.
@Suite struct UnitFilesTests {
    /// The repository's `units/` folder, found from this file's path.
    static let unitsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("units")

    static func read(_ name: String) throws -> String {
        try String(contentsOf: unitsDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The ids of the catalog's `-- <id>` headers, in file order.
    static func catalogIDs() throws -> [String] {
        try read("ccsd.catalog").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("-- ") }
            .map { String($0.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
    }

    @Test func catalogHasExactlyOneEntryPerMessageID() throws {
        let ids = try Self.catalogIDs()
        #expect(ids == MessageID.all.map(\.id))
    }

    @Test func everyCatalogEntryHasSubjectAndDefinedBy() throws {
        let entries = try Self.read("ccsd.catalog").components(separatedBy: "\n-- ").dropFirst()
        #expect(entries.count == MessageID.all.count)
        for entry in entries {
            #expect(entry.contains("\nSubject: "), "\(entry.prefix(32))")
            #expect(entry.contains("\nDefined-By: ccsd\n"), "\(entry.prefix(32))")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl")))
    func journalctlParsesTheCatalog() throws {
        let root = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let catalogDirectory = root + "/usr/lib/systemd/catalog"
        try FileManager.default.createDirectory(atPath: catalogDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.unitsDirectory.appendingPathComponent("ccsd.catalog"),
            to: URL(fileURLWithPath: catalogDirectory + "/ccsd.catalog")
        )
        _ = try JournalFixture.run("/usr/bin/journalctl", ["--root=\(root)", "--update-catalog"])
        let listing = try JournalFixture.run("/usr/bin/journalctl", ["--root=\(root)", "--list-catalog"])
        let listed = listing.split(separator: "\n").filter { $0.contains(" ccsd: ") }.map { String($0.prefix(32)) }
        #expect(Set(listed) == Set(MessageID.all.map(\.id)))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func serviceExposureIsAtMostTwo() throws {
        let path = Self.unitsDirectory.appendingPathComponent("ccsd.service").path
        let output = try JournalFixture.run("/usr/bin/systemd-analyze", ["security", "--offline=true", path])
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let figure = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(figure <= 2.0, "\(line)")
    }

    @Test func socketPassesTheVarlinkName() throws {
        let socket = try Self.read("ccsd.socket")
        #expect(socket.contains("\nFileDescriptorName=varlink\n"))
        #expect(socket.contains("\nListenStream=/run/ccsd/ccsd.sock\n"))
    }
}
