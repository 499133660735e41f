import NeuralNet

/// Receding-horizon control of a batch of environments with one policy.
///
/// Each slot keeps its raw observation history (the first observation repeated at the
/// start of an episode) and its own noise generator, seeded per episode, so an
/// episode's outcome does not depend on which other episodes share the batch (except
/// with DDPM, whose posterior noise comes from one batch generator).
///
/// With RTI (`Sampler.Method.rti`) a slot also keeps whether its episode has a chunk yet:
/// the first plan of an episode samples from noise, later ones warm-start from the
/// previous chunk shifted by the `executionHorizon` steps executed since (see
/// `ChunkController+WarmStart.swift`). `reset(slot:)` forgets it.
///
/// With an anchored policy each slot draws the noise of its `K` anchors from its episode's
/// stream (and, for `anchorChoice=sample`, its anchor draws from `SeedDomain.anchorChoice`);
/// a caller cannot give that noise (`plan(active:noise:)` with noise is refused upstream).
public final class ChunkController {
    public let policy: Policy
    public let sampler: ChunkSampler
    public var batchSize: Int { sampler.batchSize }
    /// Actions executed per plan (`Ta`): the sampler's `every`, or the policy's `actionHorizon`.
    public let executionHorizon: Int
    private var histories: [[Float]]
    private var noiseSources: [RandomSource]
    private var posteriorNoise: RandomSource
    private let condition: Matrix
    let x: Matrix
    /// The latest chunks, denormalised, row-major `[batch, H * D]` (for drawing and RTI).
    public private(set) var lastChunks: [Float]
    /// RTI: whether the slot's episode has planned a chunk (the next plan warm-starts).
    var warm: [Bool]
    /// RTI: each episode's stream of re-noising draws (`SeedDomain.warmStartNoise`).
    var warmStartNoise: [RandomSource]
    /// Anchored: the noise of every slot's `K` anchors (`batch*K x H*D`; nil otherwise).
    let anchorNoise: Matrix?
    /// Anchored, `anchorChoice=sample`: each episode's stream of anchor draws
    /// (`SeedDomain.anchorChoice`) and this plan's draws.
    var anchorChoices: [RandomSource]
    var anchorUniforms: [Float]
    /// Network evaluations spent on the chunks of planning slots, and those chunks: their
    /// ratio is the mean NFE per chunk (for RTI, over first and warm-started chunks).
    public private(set) var functionEvaluations = 0
    public private(set) var plannedChunks = 0

    public init(policy: Policy, sampler: Sampler, batchSize: Int, seed: UInt64) throws(PolicyError) {
        self.policy = policy
        try sampler.validate(for: policy.configuration)
        self.sampler = try policy.makeSampler(sampler, batchSize: batchSize)
        executionHorizon = sampler.every ?? policy.configuration.actionHorizon
        histories = Array(repeating: [Float](repeating: 0, count: policy.conditionSize), count: batchSize)
        noiseSources = (0..<batchSize).map { RandomSource(seed: seed &+ UInt64($0)) }
        posteriorNoise = RandomSource(seed: SeedDomain.posteriorNoise.seed(seed))
        condition = Matrix(rows: batchSize, columns: policy.conditionSize)
        x = Matrix(rows: batchSize, columns: policy.chunkSize)
        lastChunks = [Float](repeating: 0, count: batchSize * policy.chunkSize)
        warm = Array(repeating: false, count: batchSize)
        warmStartNoise = noiseSources
        anchorNoise = self.sampler.anchorCount.map { Matrix(rows: batchSize * $0, columns: policy.chunkSize) }
        anchorChoices = noiseSources
        anchorUniforms = [Float](repeating: 0, count: batchSize)
    }

    /// Starts an episode in `slot`: the history is `observation` repeated, the slot's noise
    /// stream restarts from `noiseSeed`, and RTI's next plan samples from noise.
    public func reset(slot: Int, observation: [Double], noiseSeed: UInt64) {
        let o = policy.observationSize
        precondition(observation.count == o, "observation has \(observation.count) values, the policy expects \(o)")
        for j in 0..<policy.configuration.observationHorizon {
            for i in 0..<o { histories[slot][j * o + i] = Float(observation[i]) }
        }
        noiseSources[slot] = RandomSource(seed: noiseSeed)
        warm[slot] = false
        if sampler.warmStartSteps != nil {
            warmStartNoise[slot] = RandomSource(seed: SeedDomain.warmStartNoise.seed(noiseSeed))
        }
        if sampler.sampler.anchorChoice == .sample {
            anchorChoices[slot] = RandomSource(seed: SeedDomain.anchorChoice.seed(noiseSeed))
        }
    }

    /// Appends the newest observation of `slot` to its history.
    public func observe(slot: Int, observation: [Double]) {
        let o = policy.observationSize
        histories[slot].removeFirst(o)
        histories[slot] += observation.map(Float.init)
    }

    /// The observation history of `slot`, oldest first (`To * obs` values, task units).
    public func history(slot: Int) -> [Float] { histories[slot] }

    /// Samples chunks for the active slots and returns, for each, the `executionHorizon`
    /// actions to execute from the current step (chunk rows `To - 1 ..< To - 1 + Ta`);
    /// inactive slots get no actions and draw no noise.
    ///
    /// The initial noise (normalised, `batch x H*D`) comes from `noise` when the caller
    /// gives it (an RL actor choosing it); otherwise each active slot draws its own from
    /// its episode's stream. Under RTI only slots without a chunk yet start from noise.
    public func plan(active: [Bool], noise given: Matrix? = nil) -> [[[Double]]] {
        precondition(active.count == batchSize, "one flag per slot")
        precondition(given.map { $0.rows == batchSize && $0.columns == policy.chunkSize } ?? true,
                     "initial noise must be \(batchSize) x \(policy.chunkSize)")
        precondition(given == nil || anchorNoise == nil, "an anchored policy draws the noise of its anchors itself")
        let cs = policy.conditionSize, n = policy.chunkSize
        let warmStart = sampler.warmStartSteps
        let fromNoise = (0..<batchSize).map { active[$0] && !(warmStart != nil && warm[$0]) }
        for slot in 0..<batchSize {
            let row = condition.row(slot)
            histories[slot].withUnsafeBufferPointer { row.update(from: $0.baseAddress!, count: cs) }
            if let anchorNoise {
                // K noise rows per slot from the episode's stream; x receives the chunk.
                let k = anchorNoise.rows / batchSize, rows = anchorNoise.row(slot * k)
                for i in 0..<(k * n) { rows[i] = active[slot] ? Float(noiseSources[slot].gaussian()) : 0 }
                anchorUniforms[slot] = active[slot] && sampler.sampler.anchorChoice == .sample ? anchorChoices[slot].nextFloat() : 0
                continue
            }
            let noise = x.row(slot)
            if fromNoise[slot], let given {
                noise.update(from: given.row(slot), count: n)
            } else if fromNoise[slot] {
                for i in 0..<n { noise[i] = Float(noiseSources[slot].gaussian()) }
            } else {
                noise.update(repeating: 0, count: n)
            }
        }
        if !sampler.takesRawCondition {
            policy.observationNormalizer.normalize(condition.pointer, count: condition.count)
        }
        let count = sampler.stepCount, perStep = sampler.evaluationsPerStep
        if let anchorNoise {
            sampler.sampleAnchored(condition: condition, noise: anchorNoise, into: x,
                                   uniforms: sampler.sampler.anchorChoice == .sample ? anchorUniforms : nil)
            functionEvaluations += count * active.reduce(0) { $0 + ($1 ? 1 : 0) }
        } else if let warmStart {
            sampler.setCondition(condition)
            // The steps before the warm start's, only for episodes that have no chunk yet;
            // the rows of warm slots are overwritten below.
            if fromNoise.contains(true) { sampler.run(x: x, range: 0..<(count - warmStart), generator: &posteriorNoise) }
            for slot in 0..<batchSize where active[slot] && warm[slot] { loadWarmStart(slot: slot, start: warmStart) }
            sampler.run(x: x, range: (count - warmStart)..<count, generator: &posteriorNoise)
            for slot in 0..<batchSize where active[slot] {
                functionEvaluations += (fromNoise[slot] ? count : warmStart) * perStep
                warm[slot] = true
            }
        } else {
            sampler.sample(condition: condition, x: x, generator: &posteriorNoise)
            functionEvaluations += count * perStep * active.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        plannedChunks += active.reduce(0) { $0 + ($1 ? 1 : 0) }
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
            return (0..<executionHorizon).map { j in
                let start = slot * n + (first + j) * d
                return (0..<d).map { Double(lastChunks[start + $0]) }
            }
        }
    }
}
