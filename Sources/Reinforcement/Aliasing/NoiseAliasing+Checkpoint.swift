import NeuralNet

/// DSRL-NA's whole learner state as named tensors: SAC's (`sac.*`: the latent actor, the
/// latent critics, the temperature) plus the action critics, their targets and their
/// optimizers (`na.action_critics.<i>.*`, `na.target_action_critics.<i>.*`,
/// `na.adam.action_critic<i>.*`).
extension NoiseAliasing {
    public enum TensorNames {
        public static let prefix = "na."
        /// Followed by the critic's index and a dot.
        public static let criticOptimizer = "na.adam.action_critic"
    }

    var checkpointParameters: [Parameter] {
        actionCritics.flatMap(\.parameters) + targetActionCritics.flatMap(\.parameters)
    }

    public func tensors() -> [String: TensorData] {
        var tensors = sac.tensors()
        for parameter in checkpointParameters {
            tensors[TensorNames.prefix + parameter.name] = TensorData(matrix: parameter.value, shape: parameter.shape)
        }
        for (index, optimizer) in actionCriticOptimizers.enumerated() {
            for (name, tensor) in optimizer.stateTensors() { tensors["\(TensorNames.criticOptimizer)\(index).\(name)"] = tensor }
        }
        return tensors
    }

    /// Restores `tensors()`; every `na.*` and `sac.*` tensor must be there with its dtype
    /// and shape, or the error names the first offender.
    public func restore(from tensors: [String: TensorData], file: String = "") throws {
        let expected = self.tensors()
        for name in expected.keys.sorted() where name.hasPrefix(TensorNames.prefix) {
            let model = expected[name]!
            _ = try TensorData.require(name, in: tensors, dtype: model.dtype, shape: model.shape, file: file)
        }
        if let extra = tensors.keys.sorted().first(where: { $0.hasPrefix(TensorNames.prefix) && expected[$0] == nil }) {
            throw SafeTensorsError(file: file, problem: "unexpected tensor '\(extra)' in DSRL-NA state")
        }
        try sac.restore(from: tensors.filter { !$0.key.hasPrefix(TensorNames.prefix) }, file: file)
        for parameter in checkpointParameters {
            try tensors[TensorNames.prefix + parameter.name]!.copyFloats(into: parameter.value)
        }
        for (index, optimizer) in actionCriticOptimizers.enumerated() {
            let prefix = "\(TensorNames.criticOptimizer)\(index)."
            var state: [String: TensorData] = [:]
            for (name, tensor) in tensors where name.hasPrefix(prefix) { state[String(name.dropFirst(prefix.count))] = tensor }
            try optimizer.loadState(state, file: file)
        }
    }
}
