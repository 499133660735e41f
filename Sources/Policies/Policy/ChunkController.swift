import NeuralNet

/// Receding-horizon control of a batch of environments with one policy.
///
/// Each slot keeps its raw observation history (the first observation repeated at the
/// start of an episode) and its own noise generator, seeded per episode, so an
/// episode's outcome does not depend on which other episodes share the batch (except
/// with DDPM, whose posterior noise comes from one batch generator).
public final class ChunkController {
    public let policy: Policy
    public let sampler: ChunkSampler
    public var batchSize: Int { sampler.batchSize }
    private var histories: [[Float]]
    private var noiseSources: [RandomSource]
    private var posteriorNoise: RandomSource
    private let condition: Matrix
    private let x: Matrix
    /// The latest chunks, denormalised, row-major `[batch, H * D]` (for drawing and RTI).
    public private(set) var lastChunks: [Float]

    public init(policy: Policy, sampler: Sampler, batchSize: Int, seed: UInt64) throws(PolicyError) {
        self.policy = policy
        self.sampler = try policy.makeSampler(sampler, batchSize: batchSize)
        histories = Array(repeating: [Float](repeating: 0, count: policy.conditionSize), count: batchSize)
        noiseSources = (0..<batchSize).map { RandomSource(seed: seed &+ UInt64($0)) }
        posteriorNoise = RandomSource(seed: SeedDomain.posteriorNoise.seed(seed))
        condition = Matrix(rows: batchSize, columns: policy.conditionSize)
        x = Matrix(rows: batchSize, columns: policy.chunkSize)
        lastChunks = [Float](repeating: 0, count: batchSize * policy.chunkSize)
    }

    /// Starts an episode in `slot`: the history is `observation` repeated, the slot's noise
    /// stream restarts from `noiseSeed`.
    public func reset(slot: Int, observation: [Double], noiseSeed: UInt64) {
        let o = policy.observationSize
        precondition(observation.count == o, "observation has \(observation.count) values, the policy expects \(o)")
        for j in 0..<policy.configuration.observationHorizon {
            for i in 0..<o { histories[slot][j * o + i] = Float(observation[i]) }
        }
        noiseSources[slot] = RandomSource(seed: noiseSeed)
    }

    /// Appends the newest observation of `slot` to its history.
    public func observe(slot: Int, observation: [Double]) {
        let o = policy.observationSize
        histories[slot].removeFirst(o)
        histories[slot] += observation.map(Float.init)
    }

    /// The observation history of `slot`, oldest first (`To * obs` values, task units).
    public func history(slot: Int) -> [Float] { histories[slot] }

    /// Samples chunks for the active slots and returns, for each, the `Ta` actions to
    /// execute from the current step (chunk rows `To - 1 ..< To - 1 + Ta`); inactive slots
    /// get no actions and draw no noise.
    ///
    /// The initial noise (normalised, `batch x H*D`) comes from `noise` when the caller
    /// gives it (an RL actor choosing it); otherwise each active slot draws its own from
    /// its episode's stream.
    public func plan(active: [Bool], noise given: Matrix? = nil) -> [[[Double]]] {
        precondition(active.count == batchSize, "one flag per slot")
        precondition(given.map { $0.rows == batchSize && $0.columns == policy.chunkSize } ?? true,
                     "initial noise must be \(batchSize) x \(policy.chunkSize)")
        let cs = policy.conditionSize, n = policy.chunkSize
        for slot in 0..<batchSize {
            let row = condition.row(slot)
            histories[slot].withUnsafeBufferPointer { row.update(from: $0.baseAddress!, count: cs) }
            let noise = x.row(slot)
            if active[slot], let given {
                noise.update(from: given.row(slot), count: n)
            } else if active[slot] {
                for i in 0..<n { noise[i] = Float(noiseSources[slot].gaussian()) }
            } else {
                noise.update(repeating: 0, count: n)
            }
        }
        policy.observationNormalizer.normalize(condition.pointer, count: condition.count)
        sampler.sample(condition: condition, x: x, generator: &posteriorNoise)
        policy.actionNormalizer.denormalize(x.pointer, count: x.count)
        let relative = policy.configuration.actionsRelativeTo, d = policy.actionSize
        if !relative.isEmpty {
            // Offsets from the newest observation back to absolute actions.
            let newest = (policy.configuration.observationHorizon - 1) * policy.observationSize
            for slot in 0..<batchSize {
                let row = x.row(slot)
                for j in 0..<policy.configuration.predictionHorizon {
                    for k in 0..<d { row[j * d + k] += histories[slot][newest + relative[k]] }
                }
            }
        }
        lastChunks = x.values
        let first = policy.configuration.observationHorizon - 1
        return (0..<batchSize).map { slot in
            guard active[slot] else { return [] }
            return (0..<policy.configuration.actionHorizon).map { j in
                let start = slot * n + (first + j) * d
                return (0..<d).map { Double(lastChunks[start + $0]) }
            }
        }
    }
}
