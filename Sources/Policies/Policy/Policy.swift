import Foundation
import NeuralNet

/// A diffusion, flow or anchored policy: the conditional residual-MLP denoiser, the
/// normalisers of its observations and actions, its noise schedule, and (anchored) its anchors.
///
/// `network` holds the weights it was built or loaded with (for evaluation, load the EMA
/// weights into a policy of their own: see `BehaviourCloning.averagedPolicy()`).
public final class Policy {
    public let configuration: PolicyConfiguration
    public let observationSize: Int
    public let actionSize: Int
    public let network: ConditionalResidualMLP
    public let schedule: NoiseSchedule
    public var observationNormalizer: Normalizer
    public var actionNormalizer: Normalizer
    /// Anchored: the `K x H*D` anchors in normalised chunk space (nil for other families).
    /// Zero until set from the training chunks (`setAnchors`) or loaded from a checkpoint.
    public let anchors: Matrix?
    /// A composed policy's parents and weights (nil for a trained policy). Its `network`
    /// is parent 1's and is not what it samples with: `makeSampler` combines the parents.
    public let composition: Composition?

    public init(configuration: PolicyConfiguration, observationSize: Int, actionSize: Int,
                observationNormalizer: Normalizer, actionNormalizer: Normalizer,
                random: inout RandomSource) throws(PolicyError) {
        try configuration.validate(observationSize: observationSize, actionSize: actionSize)
        precondition(observationNormalizer.dimension == observationSize
                     && actionNormalizer.dimension == configuration.actionNormalizerSize(actionSize: actionSize),
                     "normaliser dimensions differ from the policy's")
        self.configuration = configuration
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.network = ConditionalResidualMLP(
            configuration: configuration.network(observationSize: observationSize, actionSize: actionSize),
            random: &random)
        self.schedule = .cosine(steps: configuration.diffusionSteps)
        self.observationNormalizer = observationNormalizer
        self.actionNormalizer = actionNormalizer
        let k = configuration.anchorCount
        self.anchors = k > 0 ? Matrix(rows: k, columns: configuration.predictionHorizon * actionSize) : nil
        self.composition = nil
    }

    /// The composed policy of `composition`: it samples by combining its parents at every
    /// denoising step, with parent 1's normalisers and chunk shape (shared by all).
    public init(composing composition: Composition) {
        let first = composition.parents[0]
        configuration = composition.configuration
        observationSize = first.observationSize
        actionSize = first.actionSize
        network = first.network
        schedule = .cosine(steps: configuration.diffusionSteps)
        observationNormalizer = first.observationNormalizer
        actionNormalizer = first.actionNormalizer
        anchors = nil
        self.composition = composition
    }

    /// Places the anchors at the k-means centroids of normalised chunks (`targets`,
    /// row-major `[count, H*D]`, as in `TrainingSet.targets`). Throws when there are fewer
    /// chunks than anchors.
    public func setAnchors(fromChunks targets: [Float], random: inout RandomSource) throws(PolicyError) {
        guard let anchors else { return }
        let clustering = try KMeans(points: targets, dimension: chunkSize, clusters: anchors.rows, random: &random)
        anchors.assign(clustering.centroids)
    }

    /// Floats in a flattened chunk (`H * D`).
    public var chunkSize: Int { configuration.predictionHorizon * actionSize }
    /// Floats in a flattened observation history (`To * obs`).
    public var conditionSize: Int { configuration.observationHorizon * observationSize }

    /// A sampler engine for `batchSize` environments.
    public func makeSampler(_ sampler: Sampler, batchSize: Int) throws(PolicyError) -> ChunkSampler {
        if let composition {
            return try ChunkSampler(composition: composition, configuration: configuration, schedule: schedule,
                                    sampler: sampler.resolved(for: configuration), batchSize: batchSize)
        }
        return try ChunkSampler(network: network, family: configuration.family, prediction: configuration.prediction,
                         schedule: schedule, sampler: sampler.resolved(for: configuration), batchSize: batchSize,
                         anchors: anchors)
    }

    /// Weights, normalisers and anchors as named tensors (`model.<name>`, `normalizer.obs.*`,
    /// `normalizer.action.*`, `anchors`), the content of `model.safetensors`.
    public func tensors(weights: [Parameter]? = nil) -> [String: TensorData] {
        var result: [String: TensorData] = [:]
        let names = PolicyCheckpoint.TensorNames.self
        for (name, tensor) in (weights ?? network.parameters).namedTensors() { result[names.weights + name] = tensor }
        result.merge(observationNormalizer.tensors(prefix: names.observationNormalizer)) { a, _ in a }
        result.merge(actionNormalizer.tensors(prefix: names.actionNormalizer)) { a, _ in a }
        if let anchors { result[names.anchors] = TensorData(matrix: anchors, shape: [anchors.rows, anchors.columns]) }
        return result
    }

    /// Loads weights and normalisers written by `tensors()`; every name and shape is
    /// checked and a mismatch names the tensor.
    public func load(_ tensors: [String: TensorData], file: String) throws {
        var weights: [String: TensorData] = [:]
        let names = PolicyCheckpoint.TensorNames.self
        for (name, tensor) in tensors where name.hasPrefix(names.weights) { weights[String(name.dropFirst(names.weights.count))] = tensor }
        try network.parameters.load(from: weights, file: file)
        observationNormalizer = try Normalizer(tensors: tensors, prefix: names.observationNormalizer, dimension: observationSize, file: file)
        actionNormalizer = try Normalizer(tensors: tensors, prefix: names.actionNormalizer,
                                          dimension: configuration.actionNormalizerSize(actionSize: actionSize), file: file)
        if let anchors {
            try TensorData.require(names.anchors, in: tensors, dtype: .f32, shape: [anchors.rows, anchors.columns], file: file)
                .copyFloats(into: anchors)
        }
    }
}
