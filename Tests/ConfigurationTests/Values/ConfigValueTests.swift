import Testing
@testable import Configuration

/// `ConfigValue`: any value kept as written, and written back as an override that reads
/// as the same value.
@Suite struct ConfigValueTests {
    struct Holder: Decodable {
        var values: [ConfigValue]
    }

    static let yaml = """
        values:
          - 64
          - 1.0e-3
          - '042'
          - "a, b"
          - plain text
          - true
          - 'true'
          - [1, 2, 3]
          - {method: ddim, steps: 2}
          - {list: [x, 'y z'], nested: {k: "v: w"}}
          - -0.5
          - ~
          - []
        """

    @Test func overrideTextReadsBackAsTheSameValue() throws {
        let values = try ConfigDocument(yaml: Self.yaml, name: "v.yaml").decode(Holder.self).values
        #expect(values.map(\.overrideText) == ["64", "1.0e-3", "'042'", "'a, b'", "plain text", "true", "'true'",
                                               "[1, 2, 3]", "{method: ddim, steps: 2}",
                                               "{list: [x, y z], nested: {k: 'v: w'}}", "-0.5", "null", "[]"])
        for value in values {
            // Applied as an override, the text gives back the node (origins aside).
            var document = try ConfigDocument(yaml: "x: 0\n", name: "d.yaml")
            try document.apply(overrides: ["x=\(value.overrideText)"])
            let applied = try #require(document.root.entries?.first?.value)
            #expect(Self.shape(applied) == Self.shape(value.node), "\(value.overrideText)")
        }
    }

    @Test func originsNamesAndNumbers() throws {
        let values = try ConfigDocument(yaml: Self.yaml, name: "v.yaml").decode(Holder.self).values
        #expect(values[0].origin == .file(name: "v.yaml", line: 2, column: 5))
        #expect(values[0].number == 64 && values[1].number == 0.001 && values[2].number == nil)
        #expect(values[8].compactText == "ddim-2" && values[7].compactText == "1-2-3" && values[12].compactText == "none")
        #expect(values[7].items?.count == 3 && values[8].entries?.map(\.key) == ["method", "steps"])
        #expect(values[11].scalarText == nil && values[4].scalarText == "plain text")
        #expect(values[3].error("bad").description == "v.yaml:5: bad")
    }

    /// What a node means, without origins: a scalar is a string unless written plain
    /// and read as a number, boolean or null.
    private static func shape(_ node: ConfigNode) -> String {
        if node.isNull { return "null" }
        switch node.value {
        case let .scalar(s): return (s.isPlain && s.looksTyped ? "typed:" : "string:") + s.text
        case let .sequence(items): return "[" + items.map(shape).joined(separator: ",") + "]"
        case let .mapping(entries): return "{" + entries.map { $0.key + "=" + shape($0.value) }.joined(separator: ",") + "}"
        }
    }
}
