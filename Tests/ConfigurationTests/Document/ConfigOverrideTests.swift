import Testing
@testable import Configuration

@Suite struct ConfigOverrideTests {
    @Test func overridesApplyOverFileAndDefaults() throws {
        let config = try LoadedConfig.load(
            SampleConfig.self, yaml: "policy:\n  width: 64\n", name: "t.yaml", defaults: SampleConfig(),
            overrides: ["policy.width=256", "train.steps=20000", "sampler=rti", "eval.seeds=[1,2,3]",
                        "policy.dropout=0.25", "name=cube", "weights.push=0.5"]
        )
        #expect(config.value.policy.width == 256)
        #expect(config.value.train.steps == 20000)
        #expect(config.value.sampler == .rti)
        #expect(config.value.eval.seeds == [1, 2, 3])
        #expect(config.value.policy.dropout == 0.25)
        #expect(config.value.name == "cube")
        #expect(config.value.weights == ["push": 0.5])
        #expect(config.document.origin(of: "policy.width") == .override("policy.width=256"))
    }

    @Test func laterOverridesWinAndIndicesReachIntoLists() throws {
        let config = try LoadedConfig.load(
            SampleConfig.self, yaml: sampleYAML, name: "t.yaml",
            overrides: ["train.steps=1", "train.steps=2", "parts.1.mass=9", "eval.seeds.0=7", "policy={depth: 8}"]
        )
        #expect(config.value.train.steps == 2)
        #expect(config.value.parts[1].mass == 9)
        #expect(config.value.eval.seeds == [7, 2, 3])
        #expect(config.value.policy == PolicySection(width: 256, depth: 8, dropout: 0.1, activation: "gelu"))
    }

    @Test func badValuesNameTheOverride() {
        #expect(defaultsError("", overrides: ["policy.width=abc"])
            == "override 'policy.width=abc': key 'policy.width': expected an integer, found 'abc'")
        #expect(decodeError(SampleConfig.self, sampleYAML, overrides: ["sampler=ddmi"])
            == "override 'sampler=ddmi': key 'sampler': expected one of ddpm, ddim, rti, found 'ddmi'; did you mean 'ddim'?")
        #expect(defaultsError("", overrides: ["train.lr=.nan"])
            == "override 'train.lr=.nan': key 'train.lr': must be a finite number, found '.nan'")
    }

    @Test func unknownOverriddenKeysSuggestTheFullPath() {
        #expect(defaultsError("", overrides: ["policy.widht=3"])
            == "override 'policy.widht=3': unknown key 'policy.widht'; did you mean 'policy.width'?")
        #expect(defaultsError("", overrides: ["polcy.width=3"])
            == "override 'polcy.width=3': unknown key 'polcy'; did you mean 'policy'?")
        #expect(defaultsError("", overrides: ["zzz=1"]) == "override 'zzz=1': unknown key 'zzz'")
    }

    @Test func malformedOverridesAreErrors() {
        #expect(defaultsError("", overrides: ["policy.width"])
            == "override 'policy.width': expected key=value, e.g. train.steps=20000")
        #expect(defaultsError("", overrides: ["=3"]) == "override '=3': the key before '=' is empty")
        #expect(defaultsError("", overrides: ["policy..width=3"])
            == "override 'policy..width=3': the key 'policy..width' has an empty part between dots")
        #expect(defaultsError("", overrides: ["eval.seeds=[1,2"]).hasPrefix("override 'eval.seeds=[1,2': the value is not valid YAML: "))
        #expect(defaultsError("", overrides: ["train.steps.x=3"])
            == "override 'train.steps.x=3': 'train.steps' is '1000', not a mapping with keys")
        #expect(defaultsError("", overrides: ["eval.seeds.5=3"])
            == "override 'eval.seeds.5=3': 'eval.seeds' is a list of 1 item; index it with 0 to 0")
    }
}
