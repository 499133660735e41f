import NeuralNet

/// The shape and family of a policy: what the network sees and predicts.
///
/// Notation of `specs/algorithms.md`: the policy sees the last `To` observations and
/// predicts a chunk of `H` actions for steps `t - To + 1 ... t - To + H`, of which the
/// `Ta` starting at the current step (chunk index `To - 1`) are executed.
public struct PolicyConfiguration: Sendable, Hashable, Codable {
    public enum Family: String, Sendable, Hashable, Codable, CaseIterable {
        /// DDPM/DDIM (cosine schedule).
        case diffusion
        /// Flow matching (rectified flow), Euler sampling.
        case flow
        /// Truncated anchored diffusion (DiffusionDrive): per-anchor clean chunks and scores
        /// from anchors noised to the first `truncation` steps of the cosine schedule.
        case anchored
    }

    /// What the network is trained to output. Samplers always step on the family's own
    /// quantity (epsilon or velocity); a `sample` output is converted at each step.
    public enum Prediction: String, Sendable, Hashable, Codable, CaseIterable {
        /// The noise (diffusion only): `specs/algorithms.md`'s default and Diffusion Policy's.
        case epsilon
        /// The velocity `eps - x0` (flow only).
        case velocity
        /// The clean chunk `x0` (both families; Diffusion Policy's `prediction_type: sample`).
        /// Its loss weighs every noise level alike, so the high-noise steps, where a sample
        /// commits to what the observation asks for, are learned as well as the fine ones;
        /// at our training budgets epsilon and velocity targets leave the chunk averaged
        /// toward the data mean (measured in the README).
        case sample
    }

    public var family = Family.diffusion
    public var prediction = Prediction.sample
    /// `To`: observations in the history.
    public var observationHorizon = 2
    /// `H`: actions in a predicted chunk.
    public var predictionHorizon = 16
    /// `Ta`: actions executed per replan.
    public var actionHorizon = 8
    /// Hidden width of the residual MLP.
    public var width = 512
    public var blocks = 3
    public var timeEmbedding = 64
    public var timeHidden = 256
    /// `T`: training diffusion steps (cosine schedule); flow times are fed as `t * T`.
    public var diffusionSteps = 100
    /// Predict actions relative to the current observation: action dimension `j` is
    /// predicted as an offset from observation dimension `actionsRelativeTo[j]` (empty:
    /// absolute actions). Joint-angle targets relative to the joint angles avoid the
    /// wrap at +-pi, which absolute angles cannot.
    public var actionsRelativeTo: [Int] = []
    /// How chunk targets are scaled to [-1, 1]: per action dimension (Diffusion Policy's
    /// way), or per chunk step and dimension, which keeps the near steps precise when far
    /// steps range wider (relative actions).
    public var chunkNormalization = ChunkNormalization.perDimension
    /// Anchored: `K`, the anchors (k-means centroids of the normalised training chunks;
    /// nil: `defaultAnchors`). Optional so other families' configurations do not show it.
    public var anchors: Int?
    /// Anchored: `T_trunc`, training draws noise levels `k < truncation` only (nil:
    /// `defaultTruncation`).
    public var truncation: Int?
    /// Anchored: anchors per training example, the positive (nearest the true chunk) and
    /// `anchorSamples - 1` others drawn uniformly; the score loss corrects for the
    /// subsampling (nil: `defaultAnchorSamples`; `anchors`: every anchor, exact).
    public var anchorSamples: Int?

    /// DiffusionDrive's `K`.
    public static let defaultAnchors = 20
    /// 20 of 100 cosine steps: the noise reaches a standard deviation of about 0.3 in the
    /// [-1, 1] action space, enough to cover the space between neighbouring anchors.
    public static let defaultTruncation = 20
    /// Four network rows per example keep a training step at about four times a
    /// diffusion step's cost, not `K` (20) times.
    public static let defaultAnchorSamples = 4

    /// The anchors of an anchored policy (0 for other families).
    public var anchorCount: Int { family == .anchored ? anchors ?? Self.defaultAnchors : 0 }
    /// `T_trunc` of an anchored policy.
    public var truncationSteps: Int { truncation ?? Self.defaultTruncation }
    /// Anchors per training example of an anchored policy.
    public var anchorSampleCount: Int { min(anchorSamples ?? Self.defaultAnchorSamples, anchorCount) }

    public enum ChunkNormalization: String, Sendable, Hashable, Codable, CaseIterable {
        case perDimension, perStep
    }

    /// Entries of the action normaliser for actions of `actionSize`.
    public func actionNormalizerSize(actionSize: Int) -> Int {
        chunkNormalization == .perDimension ? actionSize : predictionHorizon * actionSize
    }

    public init() {}

    /// The denoiser's shape for observations of `observationSize` and actions of
    /// `actionSize` (an anchored policy's has one more output: the anchor's score logit).
    public func network(observationSize: Int, actionSize: Int) -> ConditionalResidualMLP.Configuration {
        ConditionalResidualMLP.Configuration(
            inputDimension: predictionHorizon * actionSize, conditionDimension: observationHorizon * observationSize,
            timeEmbeddingDimension: timeEmbedding, timeHiddenDimension: timeHidden, width: width,
            blockCount: blocks, outputDimension: predictionHorizon * actionSize + (family == .anchored ? 1 : 0),
            conditionInFiLM: true)
    }

    /// Checks the horizons fit together; the message names the key.
    public func validate() throws(PolicyError) {
        guard observationHorizon >= 1 else { throw .invalid(key: "observationHorizon", "must be at least 1") }
        guard predictionHorizon >= 1 else { throw .invalid(key: "predictionHorizon", "must be at least 1, got \(predictionHorizon)") }
        guard actionHorizon >= 1, observationHorizon - 1 + actionHorizon <= predictionHorizon else {
            throw .invalid(key: "actionHorizon", "observationHorizon - 1 + actionHorizon must be at most predictionHorizon (\(predictionHorizon))")
        }
        guard width >= 1, blocks >= 1, timeEmbedding >= 2, timeEmbedding % 2 == 0, timeHidden >= 1 else {
            throw .invalid(key: "width", "width, blocks and timeHidden must be positive and timeEmbedding even")
        }
        guard diffusionSteps >= 1 else { throw .invalid(key: "diffusionSteps", "must be at least 1") }
        switch (family, prediction) {
        case (.flow, .epsilon):
            throw .invalid(key: "prediction", "'epsilon' is a diffusion target; a flow policy predicts 'velocity' or 'sample'")
        case (.diffusion, .velocity):
            throw .invalid(key: "prediction", "'velocity' is a flow target; a diffusion policy predicts 'epsilon' or 'sample'")
        case (.anchored, .epsilon), (.anchored, .velocity):
            throw .invalid(key: "prediction", "an anchored policy predicts the clean chunk per anchor: use 'sample', not '\(prediction.rawValue)'")
        default: break
        }
        try validateAnchors()
        guard actionsRelativeTo.allSatisfy({ $0 >= 0 }) else {
            throw .invalid(key: "actionsRelativeTo", "observation indices must not be negative")
        }
    }
}

extension PolicyConfiguration {
    /// `validate()` plus the checks that need the task's sizes: `actionsRelativeTo`
    /// names one observation index per action dimension. Run before a run folder exists.
    public func validate(observationSize: Int, actionSize: Int) throws(PolicyError) {
        try validate()
        let relative = actionsRelativeTo
        guard relative.isEmpty || (relative.count == actionSize && relative.allSatisfy { $0 < observationSize }) else {
            throw .invalid(key: "actionsRelativeTo", "needs one observation index below \(observationSize) per action dimension (\(actionSize)), or none; got \(relative)")
        }
    }

    /// The anchored keys: only for the anchored family, and within range.
    func validateAnchors() throws(PolicyError) {
        guard family == .anchored else {
            for (key, value) in [("anchors", anchors), ("truncation", truncation), ("anchorSamples", anchorSamples)] where value != nil {
                throw .invalid(key: key, "applies to policy.family anchored only, not '\(family.rawValue)'")
            }
            return
        }
        guard anchorCount >= 2 else { throw .invalid(key: "anchors", "must be at least 2, got \(anchorCount)") }
        guard (1...diffusionSteps).contains(truncationSteps) else {
            throw .invalid(key: "truncation", "must be in 1...\(diffusionSteps) (policy.diffusionSteps), got \(truncationSteps)")
        }
        let samples = anchorSamples ?? Self.defaultAnchorSamples
        guard samples >= 2 else {
            throw .invalid(key: "anchorSamples", "must be at least 2 (the nearest anchor and one other), got \(samples)")
        }
    }
}

/// A policy that cannot be built or loaded as asked.
public enum PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(key: String, String)
    case samplerMismatch(String)
    /// Parents that cannot be composed, or weights that are not convex.
    case compositionMismatch(String)

    public var description: String {
        switch self {
        case .invalid(let key, let message): "key 'policy.\(key)': \(message)"
        case .samplerMismatch(let message), .compositionMismatch(let message): message
        }
    }

    /// More anchors than training chunks to place them on.
    public static func tooFewChunks(anchors: Int, chunks: Int) -> PolicyError {
        .invalid(key: "anchors", "\(anchors) anchors need at least as many training chunks, the dataset has \(chunks); lower policy.anchors")
    }

    /// The config path of the offending key, for locating it in a file.
    public var keyPath: [String]? {
        if case .invalid(let key, _) = self { return ["policy", key] }
        return nil
    }
}
