import Testing
@testable import Configuration

@Suite struct ConfigDefaultsTests {
    @Test func omittedKeysKeepTheirDefaults() throws {
        let yaml = """
            policy:
              width: 512
            eval:
              seeds: [7]
            """
        let config = try LoadedConfig.load(SampleConfig.self, yaml: yaml, name: "t.yaml", defaults: SampleConfig())
        var expected = SampleConfig()
        expected.policy.width = 512
        expected.eval.seeds = [7]
        #expect(config.value == expected)
    }

    @Test func emptyDocumentMeansAllDefaults() throws {
        let config = try LoadedConfig.load(SampleConfig.self, yaml: "# nothing yet\n", name: "t.yaml", defaults: SampleConfig())
        #expect(config.value == SampleConfig())
    }

    @Test func userValuesReplaceDefaultsWhole() throws {
        var defaults = SampleConfig()
        defaults.eval.seeds = [1, 2, 3, 4]
        defaults.policy.dropout = 0.2
        defaults.weights = ["reach": 1]
        let yaml = "eval:\n  seeds: [9]\npolicy:\n  dropout: null\nweights:\n  push: 2\n"
        let config = try LoadedConfig.load(SampleConfig.self, yaml: yaml, name: "t.yaml", defaults: defaults)
        #expect(config.value.eval.seeds == [9])
        #expect(config.value.policy.dropout == nil)
        // Mappings merge key by key, dictionaries included.
        #expect(config.value.weights == ["reach": 1, "push": 2])
    }

    @Test func unknownKeysAreStillErrorsOverDefaults() {
        #expect(defaultsError("policy:\n  widht: 3\n")
            == "train.yaml:2: unknown key 'policy.widht'; did you mean 'width'?")
        #expect(defaultsError("trian:\n  steps: 3\n")
            == "train.yaml:1: unknown key 'trian'; did you mean 'train'?")
        #expect(defaultsError("train:\n  steps: abc\n")
            == "train.yaml:2: key 'train.steps': expected an integer, found 'abc'")
    }

    @Test func userKeysKeepTheirLinesAndDefaultsSayDefault() throws {
        let config = try LoadedConfig.load(SampleConfig.self, yaml: "\ntrain:\n  steps: 5\n", name: "t.yaml",
                                           defaults: SampleConfig())
        #expect(config.document.origin(of: "train.steps") == .file(name: "t.yaml", line: 3, column: 3))
        #expect(config.document.origin(of: "train.lr") == .defaults)
        #expect(config.error(at: "policy.width", "must be even").description
            == "t.yaml: key 'policy.width' (the default): must be even")
    }
}
