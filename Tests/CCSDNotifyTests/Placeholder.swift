import Testing

@Test("placeholder until the module lands") func placeholder() { #expect(Bool(true)) }
