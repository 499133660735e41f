import Testing
@testable import Configuration

@Suite struct ConfigEncodingTests {
    @Test func resolvedYAMLFollowsCodingKeysOrder() throws {
        let config = try LoadedConfig.load(SampleConfig.self, yaml: "train:\n  steps: 5\n", name: "t.yaml",
                                           defaults: SampleConfig(), overrides: ["weights.b=2", "weights.a=1"])
        #expect(try config.resolvedYAML() == """
            name: pusht
            sampler: ddim
            policy:
              width: 128
              depth: 3
              activation: relu
            train:
              steps: 5
              lr: 0.0001
              batchSize: 64
              useEMA: true
              clip: 1.5
            eval:
              seeds: [0]
              episodes: 10
            parts: []
            weights:
              a: 1.0
              b: 2.0

            """)
    }

    @Test func roundTripGivesBackAnEqualValue() throws {
        var value = expectedSample
        value.notes = "true"          // a string that would read as a Bool unquoted
        value.name = "1e5"            // ... or as a number
        value.train.lr = 1e-7
        value.train.clip = 0.1
        value.weights["with: colon"] = 3
        let text = try ConfigDocument.yaml(for: value)
        let back = try LoadedConfig.load(SampleConfig.self, yaml: text, name: "config.yaml")
        #expect(back.value == value)
        #expect(try ConfigDocument.yaml(for: back.value) == text)
    }

    @Test func encodingIsStableAcrossCalls() throws {
        var value = SampleConfig()
        value.weights = ["z": 1, "a": 2, "m": 3]
        #expect(try ConfigDocument.yaml(for: value) == ConfigDocument.yaml(for: value))
    }
}
