import Testing
@testable import Configuration

@Suite struct ConfigDecodingTests {
    @Test func validDocumentDecodes() throws {
        let config = try LoadedConfig.load(SampleConfig.self, yaml: sampleYAML, name: "train.yaml")
        #expect(config.value == expectedSample)
    }

    @Test func wrongScalarTypesNameKeyAndFoundValue() {
        #expect(decodeError(SampleConfig.self, sampleYAML("steps: 20000", "steps: abc"))
            == "train.yaml:9: key 'train.steps': expected an integer, found 'abc'")
        #expect(decodeError(SampleConfig.self, sampleYAML("steps: 20000", "steps: 2.5"))
            == "train.yaml:9: key 'train.steps': expected an integer, found '2.5'")
        #expect(decodeError(SampleConfig.self, sampleYAML("lr: 3e-4", "lr: fast"))
            == "train.yaml:10: key 'train.lr': expected a number, found 'fast'")
        #expect(decodeError(SampleConfig.self, sampleYAML("useEMA: false", "useEMA: yes"))
            == "train.yaml:12: key 'train.useEMA': expected true or false, found 'yes'")
        #expect(decodeError(SampleConfig.self, sampleYAML("steps: 20000", "steps: \"100\""))
            == "train.yaml:9: key 'train.steps': expected an integer, found the quoted string '100'")
    }

    @Test func structuralMismatchesSayMappingOrSequence() {
        #expect(decodeError(SampleConfig.self, sampleYAML("steps: 20000", "steps: [1, 2]"))
            == "train.yaml:9: key 'train.steps': expected an integer, found a sequence")
        #expect(decodeError(SampleConfig.self, sampleYAML("seeds: [1, 2, 3]", "seeds: 4"))
            == "train.yaml:15: key 'eval.seeds': expected a sequence, found '4'")
        #expect(decodeError(SampleConfig.self, sampleYAML("name: pusht", "name: {a: 1}"))
            == "train.yaml:1: key 'name': expected a string, found a mapping")
        #expect(decodeError(SampleConfig.self, "just text")
            == "train.yaml:1: expected a mapping, found 'just text'")
    }

    @Test func errorsInsideArraysOfStructsNameTheIndex() {
        #expect(decodeError(SampleConfig.self, sampleYAML("mass: 0.5", "mass: heavy"))
            == "train.yaml:21: key 'parts[1].mass': expected a number, found 'heavy'")
        #expect(decodeError(SampleConfig.self, sampleYAML("[1, 0], [0, 1]", "[1, x], [0, 1]"))
            == "train.yaml:18: key 'parts[0].vertices[1][1]': expected a number, found 'x'")
    }

    @Test func numbersAreStrict() throws {
        #expect(decodeError(SampleConfig.self, sampleYAML("lr: 3e-4", "lr: .nan"))
            == "train.yaml:10: key 'train.lr': must be a finite number, found '.nan'")
        #expect(decodeError(SampleConfig.self, sampleYAML("lr: 3e-4", "lr: -.inf"))
            == "train.yaml:10: key 'train.lr': must be a finite number, found '-.inf'")
        #expect(decodeError(SampleConfig.self, sampleYAML("lr: 3e-4", "lr: 1e999"))
            == "train.yaml:10: key 'train.lr': must be a finite number, found '1e999'")
        #expect(decodeError(SampleConfig.self, sampleYAML("clip: 0.5", "clip: 1e39"))
            == "train.yaml:13: key 'train.clip': must be a finite number, found '1e39'")
        #expect(decodeError(SampleConfig.self, sampleYAML("lr: 3e-4", "lr: infinity"))
            == "train.yaml:10: key 'train.lr': expected a number, found 'infinity'")
        #expect(decodeError(SampleConfig.self, sampleYAML("steps: 20000", "steps: 99999999999999999999"))
            == "train.yaml:9: key 'train.steps': expected an integer from \(Int.min) to \(Int.max), found '99999999999999999999'")
        // Whole numbers in float syntax, separators and integers for doubles are fine.
        let yaml = sampleYAML("steps: 20000", "steps: 2e4").replacingOccurrences(of: "batchSize: 32", with: "batchSize: 3_2")
        let config = try LoadedConfig.load(SampleConfig.self, yaml: yaml.replacingOccurrences(of: "lr: 3e-4", with: "lr: 1"), name: "t")
        #expect(config.value.train.steps == 20000 && config.value.train.batchSize == 32 && config.value.train.lr == 1)
    }

    @Test func missingRequiredKeyPointsAtEnclosingMapping() {
        #expect(decodeError(SampleConfig.self, sampleYAML("  width: 256\n", ""))
            == "train.yaml:3: missing required key 'policy.width'")
        #expect(decodeError(SampleConfig.self, sampleYAML("name: pusht\n", ""))
            == "train.yaml:1: missing required key 'name'")
        #expect(decodeError(SampleConfig.self, "")
            == "train.yaml:1: missing required key 'name'")
    }

    @Test func unknownKeysSuggestTheClosestAskedKey() {
        #expect(decodeError(SampleConfig.self, sampleYAML("  depth: 4", "  depth: 4\n  widht: 3"))
            == "train.yaml:6: unknown key 'policy.widht'; did you mean 'width'?")
        #expect(decodeError(SampleConfig.self, sampleYAML("  episodes: 5", "  episodes: 5\n  colour: red"))
            == "train.yaml:17: unknown key 'eval.colour'")
        #expect(decodeError(SampleConfig.self, sampleYAML("    mass: 2", "    mass: 2\n    frictoin: 0.3"))
            == "train.yaml:20: unknown key 'parts[0].frictoin'")
        #expect(decodeError(SampleConfig.self, sampleYAML("name: pusht", "name: pusht\nnotse: hi"))
            == "train.yaml:2: unknown key 'notse'; did you mean 'notes'?")
    }

    @Test func misspeltRequiredKeyIsReportedAsUnknownNotMissing() {
        #expect(decodeError(SampleConfig.self, sampleYAML("  width: 256", "  widht: 256"))
            == "train.yaml:4: unknown key 'policy.widht'; did you mean 'width'?")
    }

    @Test func optionalsAcceptAbsentAndNull() throws {
        let absent = try LoadedConfig.load(SampleConfig.self, yaml: sampleYAML("  dropout: 0.1\n", ""), name: "t")
        #expect(absent.value.policy.dropout == nil)
        let null = try LoadedConfig.load(SampleConfig.self, yaml: sampleYAML("dropout: 0.1", "dropout: null"), name: "t")
        #expect(null.value.policy.dropout == nil)
        let notes = try LoadedConfig.load(SampleConfig.self, yaml: sampleYAML("name: pusht", "name: pusht\nnotes: 'yes'"), name: "t")
        #expect(notes.value.notes == "yes")
        #expect(decodeError(SampleConfig.self, sampleYAML("dropout: 0.1", "dropout: lots"))
            == "train.yaml:6: key 'policy.dropout': expected a number, found 'lots'")
    }

    @Test func enumsListAllowedValues() {
        #expect(decodeError(SampleConfig.self, sampleYAML("sampler: ddim", "sampler: ddmi"))
            == "train.yaml:2: key 'sampler': expected one of ddpm, ddim, rti, found 'ddmi'; did you mean 'ddim'?")
        #expect(decodeError(SampleConfig.self, sampleYAML("sampler: ddim", "sampler: euler"))
            == "train.yaml:2: key 'sampler': expected one of ddpm, ddim, rti, found 'euler'")
        #expect(decodeError(ShadeConfig.self, "shade: grey") == "train.yaml:1: key 'shade': invalid value 'grey'")
    }

    @Test func dictionariesAllowAnyKeyButCheckValues() throws {
        let config = try LoadedConfig.load(SampleConfig.self, yaml: sampleYAML("  push: 0.5", "  push: 0.5\n  anything: 2"), name: "t")
        #expect(config.value.weights == ["reach": 1, "push": 0.5, "anything": 2])
        #expect(decodeError(SampleConfig.self, sampleYAML("push: 0.5", "push: much"))
            == "train.yaml:24: key 'weights.push': expected a number, found 'much'")
    }

    @Test func stringsRejectNullButAcceptOtherScalars() throws {
        #expect(decodeError(SampleConfig.self, sampleYAML("name: pusht", "name:"))
            == "train.yaml:1: key 'name': expected a string, found null")
        let config = try LoadedConfig.load(SampleConfig.self, yaml: sampleYAML("name: pusht", "name: 42"), name: "t")
        #expect(config.value.name == "42")
    }
}
