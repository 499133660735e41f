import NeuralNet
import Tasks
@testable import Policies

/// A tiny policy for fast tests.
func tinyPolicy(family: PolicyConfiguration.Family, prediction: PolicyConfiguration.Prediction = .sample,
                observationSize: Int = 3, actionSize: Int = 2, seed: UInt64 = 1) throws -> Policy {
    var c = PolicyConfiguration()
    c.family = family
    c.prediction = prediction
    c.width = 32
    c.blocks = 2
    c.timeEmbedding = 16
    c.timeHidden = 32
    c.predictionHorizon = 4
    c.actionHorizon = 2
    var g = RandomSource(seed: seed)
    return try Policy(configuration: c, observationSize: observationSize, actionSize: actionSize,
                      observationNormalizer: Normalizer(minimum: .init(repeating: -1, count: observationSize),
                                                        maximum: .init(repeating: 1, count: observationSize)),
                      actionNormalizer: Normalizer(minimum: .init(repeating: 0, count: actionSize),
                                                   maximum: .init(repeating: 10, count: actionSize)),
                      random: &g)
}

/// A small dataset where the chunk is a simple function of the observation.
func tinyDataset(episodes: Int = 4, length: Int = 12, horizon: Int = 4) -> DemonstrationDataset {
    var data = DemonstrationDataset(observationSize: 3, actionSize: 2, horizon: horizon)
    for e in 0..<episodes {
        var episode = ExpertEpisode()
        for t in 0..<length {
            let o = [Double(e) / 4, Double(t) / Double(length), 0.5]
            episode.observations.append(o)
            episode.chunks.append((0..<horizon).map { j in [2 + 5 * o[0] + Double(j) * 0.1, 3 + 4 * o[1]] })
        }
        episode.success = true
        data.append(episode)
    }
    return data
}

/// A behaviour-cloning trainer of a tiny diffusion policy on `tinyDataset()`, its
/// normalisers fitted on it; `configure` adjusts the options (batch 8 by default).
func tinyTrainer(_ configure: (inout TrainingOptions) -> Void = { _ in }) throws -> BehaviourCloning {
    let data = tinyDataset()
    let c = try tinyPolicy(family: .diffusion).configuration
    let (o, a) = TrainingSet.fitNormalizers(data, configuration: c, target: .expertChunk)
    var g = RandomSource(seed: 1)
    let policy = try Policy(configuration: c, observationSize: 3, actionSize: 2, observationNormalizer: o,
                            actionNormalizer: a, random: &g)
    var options = TrainingOptions()
    options.batchSize = 8
    configure(&options)
    return BehaviourCloning(policy: policy, data: TrainingSet(dataset: data, configuration: c, target: .expertChunk,
                                                              observationNormalizer: o, actionNormalizer: a),
                            options: options, seed: 3)
}
