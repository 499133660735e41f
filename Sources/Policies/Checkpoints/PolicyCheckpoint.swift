import Foundation
import NeuralNet

/// The files of one checkpoint folder (`checkpoints/<step>/`):
/// - `model.safetensors`: the training weights and normalisers (`model.*`, `normalizer.*`);
/// - `ema.safetensors`: the averaged weights in the same layout, plus `optimization_step`
///   (what evaluation loads by default);
/// - `optimizer.safetensors`: AdamW moments, the trainer's step and generator state.
/// Each file carries the policy shape in its metadata, so a checkpoint alone rebuilds
/// its policy. This type owns the tensor names of all three files (`TensorNames`).
public enum PolicyCheckpoint {
    /// Prefixes of the tensor names in checkpoint files.
    public enum TensorNames {
        /// Network weights: `model.<layer>.<parameter>`.
        public static let weights = "model."
        /// Normalisers: `normalizer.obs.*`, `normalizer.action.*`.
        public static let observationNormalizer = "normalizer.obs"
        public static let actionNormalizer = "normalizer.action"
        /// An anchored policy's anchors, F32 `[K, H*D]`, normalised.
        public static let anchors = "anchors"
        /// AdamW moments in `optimizer.safetensors`: `adamw.<parameter>.m|v`.
        public static let optimizer = "adamw."
    }

    public static let modelFile = "model.safetensors"
    public static let emaFile = "ema.safetensors"
    public static let optimizerFile = "optimizer.safetensors"

    /// The metadata that describes a policy's shape.
    static func metadata(_ policy: Policy, step: Int) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ["policy": String(decoding: try encoder.encode(policy.configuration), as: UTF8.self),
                "observation_size": String(policy.observationSize), "action_size": String(policy.actionSize),
                "step": String(step), "format": "pushforward-checkpoint-1"]
    }

    /// Writes all three files into `folder`.
    public static func write(trainer: BehaviourCloning, to folder: String) throws {
        let policy = trainer.policy
        let meta = try metadata(policy, step: trainer.step)
        let (ema, optimizer) = trainer.stateTensors()
        var emaTensors = policy.tensors(weights: trainer.average.parameters)
        emaTensors["optimization_step"] = ema["optimization_step"]
        try SafeTensors.write(SafeTensorsFile(tensors: policy.tensors(), metadata: meta), to: url(folder, modelFile))
        try SafeTensors.write(SafeTensorsFile(tensors: emaTensors, metadata: meta), to: url(folder, emaFile))
        try SafeTensors.write(SafeTensorsFile(tensors: optimizer, metadata: meta), to: url(folder, optimizerFile))
    }

    /// Restores weights, EMA and optimizer state into `trainer` (same configuration).
    public static func restore(_ trainer: BehaviourCloning, from folder: String) throws {
        let model = try SafeTensors.read(contentsOf: url(folder, modelFile))
        try trainer.policy.load(model.tensors, file: url(folder, modelFile).path)
        let emaFile = try SafeTensors.read(contentsOf: url(folder, emaFile))
        var average: [String: TensorData] = [:]
        for (name, tensor) in emaFile.tensors {
            if name.hasPrefix(TensorNames.weights) { average[String(name.dropFirst(TensorNames.weights.count))] = tensor }
            if name == "optimization_step" { average[name] = tensor }
        }
        let optimizer = try SafeTensors.read(contentsOf: url(folder, optimizerFile))
        try trainer.restore(ema: average, optimizer: optimizer.tensors, file: url(folder, optimizerFile).path)
    }

    /// Loads a policy for evaluation from a checkpoint folder: the EMA weights by default.
    public static func loadPolicy(from folder: String, useEMA: Bool = true) throws -> Policy {
        let path = url(folder, useEMA ? emaFile : modelFile)
        let file = try SafeTensors.read(contentsOf: path)
        guard let text = file.metadata["policy"], let configuration = try? JSONDecoder().decode(
                PolicyConfiguration.self, from: Data(text.utf8)),
              let observationSize = file.metadata["observation_size"].flatMap(Int.init),
              let actionSize = file.metadata["action_size"].flatMap(Int.init) else {
            throw SafeTensorsError(file: path.path, problem: "not a Pushforward checkpoint (no policy metadata)")
        }
        var unused = RandomSource(seed: 0)
        let policy = try Policy(
            configuration: configuration, observationSize: observationSize, actionSize: actionSize,
            observationNormalizer: Normalizer(minimum: .init(repeating: 0, count: observationSize), maximum: .init(repeating: 1, count: observationSize)),
            actionNormalizer: {
                let n = configuration.actionNormalizerSize(actionSize: actionSize)
                return Normalizer(minimum: .init(repeating: 0, count: n), maximum: .init(repeating: 1, count: n))
            }(),
            random: &unused)
        var tensors = file.tensors
        tensors["optimization_step"] = nil
        try policy.load(tensors, file: path.path)
        return policy
    }

    static func url(_ folder: String, _ name: String) -> URL {
        URL(fileURLWithPath: folder).appendingPathComponent(name)
    }
}
