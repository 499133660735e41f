import NeuralNet
@testable import Reinforcement

/// Options for small, fast SAC tests.
func tinyOptions(batchSize: Int = 16, width: Int = 16, hiddenLayers: Int = 2) -> SAC.Options {
    var options = SAC.Options()
    options.batchSize = batchSize
    options.width = width
    options.hiddenLayers = hiddenLayers
    return options
}

/// A buffer of `count` random transitions (observation 3, action 2).
func randomBuffer(count: Int, capacity: Int, seed: UInt64, reward: Float? = nil) -> ReplayBuffer {
    let buffer = ReplayBuffer(capacity: capacity, observationSize: 3, actionSize: 2)
    var random = RandomSource(seed: seed)
    for _ in 0..<count {
        let o = (0..<3).map { _ in random.uniform(-1, 1) }
        let a = (0..<2).map { _ in random.uniform(-1.5, 1.5) }
        let next = (0..<3).map { _ in random.uniform(-1, 1) }
        buffer.append(observation: o, action: a, reward: reward ?? random.uniform(-1, 1), nextObservation: next,
                      discount: random.nextFloat() < 0.1 ? 0 : 0.99)
    }
    return buffer
}
