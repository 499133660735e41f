import Tasks

/// Behaviour-cloning pairs in normalised space: for every step of every episode, the
/// observation history (`To` rows, the first observation repeated before the episode's
/// start) and the target chunk (`H` actions for steps `t - To + 1 ... t - To + H`).
public struct TrainingSet: Sendable {
    /// What a chunk's future part is taken from.
    public enum Target: String, Sendable, Hashable, Codable, CaseIterable {
        /// The expert's chunk from that exact state (Markovian experts: the chunk is a
        /// function of the state, which is what makes it learnable).
        case expertChunk
        /// The actions actually executed next, as Diffusion Policy does with human demos.
        case executedActions
    }

    /// Row-major `[count, To * obs]`, normalised.
    public var conditions: [Float]
    /// Row-major `[count, H * D]`, normalised.
    public var targets: [Float]
    public var count: Int
    public let conditionSize: Int
    public let chunkSize: Int

    /// Pairs given directly, already normalised: `conditions` row-major `[count, conditionSize]`,
    /// `targets` row-major `[count, chunkSize]` (synthetic data for benchmarks and tests).
    public init(conditions: [Float], targets: [Float], conditionSize: Int, chunkSize: Int) {
        precondition(conditionSize > 0 && chunkSize > 0 && conditions.count % conditionSize == 0
                     && targets.count == conditions.count / conditionSize * chunkSize,
                     "conditions and targets do not hold the same number of pairs")
        self.conditions = conditions
        self.targets = targets
        self.conditionSize = conditionSize
        self.chunkSize = chunkSize
        count = conditions.count / conditionSize
    }

    /// Pairs from a dataset, normalised with the given normalisers (nil: left raw).
    public init(dataset: DemonstrationDataset, configuration: PolicyConfiguration, target: Target,
                observationNormalizer: Normalizer?, actionNormalizer: Normalizer?) {
        let to = configuration.observationHorizon, h = configuration.predictionHorizon
        let obs = dataset.observationSize, d = dataset.actionSize
        conditionSize = to * obs
        chunkSize = h * d
        count = dataset.stepCount
        conditions = []
        targets = []
        conditions.reserveCapacity(count * conditionSize)
        targets.reserveCapacity(count * chunkSize)
        for episode in 0..<dataset.episodeCount {
            let range = dataset.episodeRange(episode)
            for t in range {
                for j in 0..<to {
                    let s = max(range.lowerBound, t - (to - 1) + j)
                    conditions += dataset.observations[(s * obs)..<((s + 1) * obs)]
                }
                let chunkStart = targets.count
                for j in 0..<h {
                    let offset = j - (to - 1)
                    if offset < 0 {
                        // Past actions; before the episode, its first action.
                        let s = max(range.lowerBound, t + offset)
                        targets += dataset.actions[(s * d)..<((s + 1) * d)]
                    } else {
                        switch target {
                        case .expertChunk:
                            let row = min(offset, dataset.horizon - 1)
                            let start = (t * dataset.horizon + row) * d
                            targets += dataset.chunks[start..<(start + d)]
                        case .executedActions:
                            let s = min(range.upperBound - 1, t + offset)
                            targets += dataset.actions[(s * d)..<((s + 1) * d)]
                        }
                    }
                }
                let relative = configuration.actionsRelativeTo
                if !relative.isEmpty {
                    for j in 0..<h {
                        for k in 0..<d { targets[chunkStart + j * d + k] -= dataset.observations[t * obs + relative[k]] }
                    }
                }
            }
        }
        if let observationNormalizer {
            conditions.withUnsafeMutableBufferPointer { observationNormalizer.normalize($0.baseAddress!, count: $0.count) }
        }
        if let actionNormalizer {
            targets.withUnsafeMutableBufferPointer { actionNormalizer.normalize($0.baseAddress!, count: $0.count) }
        }
    }

    /// Normalisers fitted on a dataset: observations on every observation, actions on
    /// every target row the policy will be trained on (absolute or relative, as configured).
    public static func fitNormalizers(_ dataset: DemonstrationDataset, configuration: PolicyConfiguration,
                                      target: Target) -> (observation: Normalizer, action: Normalizer) {
        let raw = TrainingSet(dataset: dataset, configuration: configuration, target: target,
                              observationNormalizer: nil, actionNormalizer: nil)
        return (Normalizer(fitting: dataset.observations, dimension: dataset.observationSize),
                Normalizer(fitting: raw.targets, dimension: configuration.actionNormalizerSize(actionSize: dataset.actionSize)))
    }
}
