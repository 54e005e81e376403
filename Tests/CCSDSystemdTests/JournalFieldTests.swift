import Testing

@testable import CCSDSystemd

/// Journal field names: what journald accepts and how arbitrary keys are mapped.
@Suite struct JournalFieldTests {
    @Test(arguments: ["MESSAGE", "CCSD_PERSON", "A", "CODE_LINE", "X9", String(repeating: "A", count: 64)])
    func acceptsValidNames(_ name: String) {
        #expect(JournalField.isValidName(name))
        #expect(JournalField.sanitizedName(name) == name)
    }

    @Test(arguments: [
        "", "_PID", "9LIVES", "person", "PERSON-ID", "CODE.FILE", "ÄRGER", String(repeating: "A", count: 65),
    ])
    func rejectsInvalidNames(_ name: String) {
        #expect(!JournalField.isValidName(name))
    }

    @Test func mapsArbitraryStringsToValidNames() {
        #expect(JournalField.sanitizedName("person-id") == "PERSON_ID")
        #expect(JournalField.sanitizedName("code.file") == "CODE_FILE")
        #expect(JournalField.sanitizedName("_PID") == "PID")
        #expect(JournalField.sanitizedName("__9a") == "A")
        #expect(JournalField.sanitizedName("a--b  c") == "A_B_C")
        #expect(JournalField.sanitizedName("caller uid") == "CALLER_UID")
        #expect(JournalField.sanitizedName("对象") == nil)
        #expect(JournalField.sanitizedName("---") == nil)
        #expect(JournalField.sanitizedName("") == nil)
        #expect(JournalField.sanitizedName(String(repeating: "b", count: 100)) == String(repeating: "B", count: 64))
    }

    @Test func everyMappedNameIsValid() {
        let samples = [
            "person-id", "x", "1st", "_", "a.b.c", "ünïcödé-key", "CCSD_SEQ", "k=v", String(repeating: "z", count: 80),
        ]
        for sample in samples {
            if let name = JournalField.sanitizedName(sample) { #expect(JournalField.isValidName(name), "\(sample)") }
            #expect(JournalField.isValidName(JournalField.metadataName(sample)), "\(sample)")
        }
    }

    @Test func metadataKeysGoIntoTheCCSDNamespace() {
        #expect(JournalField.metadataName("person-id") == "CCSD_PERSON_ID")
        #expect(JournalField.metadataName("person") == "CCSD_PERSON")
        #expect(JournalField.metadataName("CCSD_PERSON") == "CCSD_PERSON")
        #expect(JournalField.metadataName("ccsd.seq") == "CCSD_SEQ")
        #expect(JournalField.metadataName("1st") == "CCSD_ST")
        #expect(JournalField.metadataName("MESSAGE_ID") == "MESSAGE_ID")
        #expect(JournalField.metadataName("errno") == "ERRNO")
        #expect(JournalField.metadataName("message") == "CCSD_MESSAGE")
        #expect(JournalField.metadataName("priority") == "CCSD_PRIORITY")
        #expect(JournalField.metadataName("对象") == "CCSD_FIELD")
        #expect(JournalField.metadataName(String(repeating: "k", count: 70)).count == 64)
    }

    @Test func fieldInitMapsOrRejects() {
        #expect(JournalField(name: "person-id", value: "JX-1")?.name == "PERSON_ID")
        #expect(JournalField(name: "---", value: "x") == nil)
    }
}
