import NeuralNet

/// The whole learner state as named tensors, for safetensors checkpoints: a SAC restored
/// from `tensors()` (with the replay buffer and the caller's generator) continues bit for
/// bit.
///
/// Names: `sac.<parameter>` for the weights (`sac.actor.*`, `sac.critics.<i>.*`,
/// `sac.target_critics.<i>.*`, `sac.log_alpha`), `sac.adam.{actor,critic0,critic1,temperature}.`
/// followed by AdamW's state names (`<parameter>.exp_avg`, `<parameter>.exp_avg_sq`, `step`),
/// and `sac.step` (I64, completed gradient steps).
extension SAC {
    public enum TensorNames {
        public static let prefix = "sac."
        public static let step = "sac.step"
        public static let actorOptimizer = "sac.adam.actor."
        /// Followed by the critic's index and a dot: `sac.adam.critic0.`, `sac.adam.critic1.`.
        public static let criticOptimizer = "sac.adam.critic"
        public static let temperatureOptimizer = "sac.adam.temperature."
    }

    var checkpointParameters: [Parameter] {
        actor.parameters + critics.flatMap(\.parameters) + targetCritics.flatMap(\.parameters) + [logAlpha]
    }

    var checkpointOptimizers: [(prefix: String, optimizer: AdamW)] {
        [(TensorNames.actorOptimizer, actorOptimizer)]
            + criticOptimizers.enumerated().map { ("\(TensorNames.criticOptimizer)\($0.offset).", $0.element) }
            + [(TensorNames.temperatureOptimizer, temperatureOptimizer)]
    }

    public func tensors() -> [String: TensorData] {
        var tensors: [String: TensorData] = [TensorNames.step: TensorData(int64: [Int64(stepCount)], shape: [])]
        for parameter in checkpointParameters {
            tensors[TensorNames.prefix + parameter.name] = TensorData(matrix: parameter.value, shape: parameter.shape)
        }
        for (prefix, optimizer) in checkpointOptimizers {
            for (name, tensor) in optimizer.stateTensors() { tensors[prefix + name] = tensor }
        }
        return tensors
    }

    /// Restores `tensors()` of a SAC with the same sizes and network shape. Tensors not
    /// named `sac.*` are ignored (a checkpoint file may hold the replay buffer too); every
    /// `sac.*` tensor must be present with its dtype and shape, and no other, or nothing
    /// changes and the error names the first offender.
    public func restore(from tensors: [String: TensorData], file: String = "") throws {
        let expected = self.tensors()
        for name in expected.keys.sorted() {
            let model = expected[name]!
            _ = try TensorData.require(name, in: tensors, dtype: model.dtype, shape: model.shape, file: file)
        }
        if let extra = tensors.keys.sorted().first(where: { $0.hasPrefix(TensorNames.prefix) && expected[$0] == nil }) {
            throw SafeTensorsError(file: file, problem: "unexpected tensor '\(extra)' in SAC state")
        }
        for parameter in checkpointParameters {
            try tensors[TensorNames.prefix + parameter.name]!.copyFloats(into: parameter.value)
        }
        for (prefix, optimizer) in checkpointOptimizers {
            var state: [String: TensorData] = [:]
            for (name, tensor) in tensors where name.hasPrefix(prefix) { state[String(name.dropFirst(prefix.count))] = tensor }
            try optimizer.loadState(state, file: file)
        }
        stepCount = Int(try tensors[TensorNames.step]!.int64Values()[0])
    }
}
