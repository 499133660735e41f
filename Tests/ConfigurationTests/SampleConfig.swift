import Foundation
@testable import Configuration

/// Small configs exercising every shape the decoder supports: nested sections, a
/// CaseIterable enum, a plain enum, arrays of scalars and of structs, an optional and
/// a dictionary. Property defaults are used only when loading with `defaults:`.
enum Sampler: String, Codable, CaseIterable, Equatable {
    case ddpm, ddim, rti
}

enum Shade: String, Codable, Equatable {
    case light, dark
}

struct PolicySection: Codable, Equatable {
    var width = 128
    var depth = 3
    var dropout: Double? = nil
    var activation = "relu"
}

struct TrainSection: Codable, Equatable {
    var steps = 1000
    var lr = 1e-4
    var batchSize = 64
    var useEMA = true
    var clip: Float = 1.5
}

struct EvalSection: Codable, Equatable {
    var seeds: [Int] = [0]
    var episodes = 10
}

struct Part: Codable, Equatable {
    var vertices: [[Double]]
    var mass: Double
}

struct SampleConfig: Codable, Equatable {
    var name = "pusht"
    var sampler = Sampler.ddim
    var policy = PolicySection()
    var train = TrainSection()
    var eval = EvalSection()
    var parts: [Part] = []
    var weights: [String: Double] = [:]
    var notes: String? = nil
}

struct ShadeConfig: Codable, Equatable {
    var shade: Shade
}

/// A complete document for `SampleConfig`; tests change one line with `sampleYAML(_:_:)`.
/// Line numbers matter: they appear in expected messages.
let sampleYAML = """
    name: pusht
    sampler: ddim
    policy:
      width: 256
      depth: 4
      dropout: 0.1
      activation: gelu
    train:
      steps: 20000
      lr: 3e-4
      batchSize: 32
      useEMA: false
      clip: 0.5
    eval:
      seeds: [1, 2, 3]
      episodes: 5
    parts:
      - vertices: [[0, 0], [1, 0], [0, 1]]
        mass: 2
      - vertices: [[0, 0], [2, 0], [2, 2]]
        mass: 0.5
    weights:
      reach: 1.0
      push: 0.5
    """

/// `sampleYAML` with the first occurrence of `old` replaced by `new`.
func sampleYAML(_ old: String, _ new: String) -> String {
    guard let range = sampleYAML.range(of: old) else { fatalError("'\(old)' is not in the sample") }
    return sampleYAML.replacingCharacters(in: range, with: new)
}

let expectedSample = SampleConfig(
    name: "pusht",
    sampler: .ddim,
    policy: PolicySection(width: 256, depth: 4, dropout: 0.1, activation: "gelu"),
    train: TrainSection(steps: 20000, lr: 3e-4, batchSize: 32, useEMA: false, clip: 0.5),
    eval: EvalSection(seeds: [1, 2, 3], episodes: 5),
    parts: [
        Part(vertices: [[0, 0], [1, 0], [0, 1]], mass: 2),
        Part(vertices: [[0, 0], [2, 0], [2, 2]], mass: 0.5),
    ],
    weights: ["reach": 1.0, "push": 0.5],
    notes: nil
)

/// The one-line message of the error decoding `yaml` as `T` throws, or "no error".
func decodeError<T: Decodable>(_ type: T.Type, _ yaml: String, name: String = "train.yaml",
                               overrides: [String] = []) -> String {
    do {
        _ = try LoadedConfig.load(T.self, yaml: yaml, name: name, overrides: overrides)
        return "no error"
    } catch {
        return error.description
    }
}

/// Like `decodeError`, loading over `SampleConfig()` defaults.
func defaultsError(_ yaml: String, overrides: [String] = []) -> String {
    do {
        _ = try LoadedConfig.load(SampleConfig.self, yaml: yaml, name: "train.yaml",
                                  defaults: SampleConfig(), overrides: overrides)
        return "no error"
    } catch {
        return error.description
    }
}
