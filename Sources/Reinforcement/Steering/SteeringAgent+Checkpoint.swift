import NeuralNet

/// The agent's whole state as named tensors, for bit-exact resume: SAC (networks,
/// targets, optimizers, temperature; DSRL-NA's action critics too), the counters and both generators (`agent.*`); the
/// replay buffer goes in a file of its own (`replay.*`).
extension SteeringAgent {
    public func tensors() -> [String: TensorData] {
        var tensors = aliasing?.tensors() ?? sac.tensors()
        tensors["agent.environment_steps"] = TensorData(int64: [Int64(environmentSteps)], shape: [])
        tensors["agent.transitions"] = TensorData(int64: [Int64(transitions)], shape: [])
        tensors["agent.update_debt"] = TensorData(doubles: [updateDebt], shape: [])
        tensors["agent.acting_rng"] = TensorData(int64: actingGenerator.state.map { Int64(bitPattern: $0) }, shape: [4])
        tensors["agent.update_rng"] = TensorData(int64: updateGenerator.state.map { Int64(bitPattern: $0) }, shape: [4])
        return tensors
    }

    /// Restores `tensors()` (and, when given, the buffer's `replay` tensors); shapes and
    /// names are checked, a mismatch names the tensor and `file`.
    public func restore(from tensors: [String: TensorData], replay: [String: TensorData]?, file: String) throws {
        let learner = tensors.filter { !$0.key.hasPrefix("agent.") }
        if let aliasing { try aliasing.restore(from: learner, file: file) } else { try sac.restore(from: learner, file: file) }
        func integer(_ name: String) throws -> Int {
            Int(try TensorData.require(name, in: tensors, dtype: .i64, shape: [], file: file).int64Values()[0])
        }
        func generator(_ name: String) throws -> RandomSource {
            let words = try TensorData.require(name, in: tensors, dtype: .i64, shape: [4], file: file).int64Values()
            return RandomSource(state: words.map { UInt64(bitPattern: $0) })
        }
        environmentSteps = try integer("agent.environment_steps")
        transitions = try integer("agent.transitions")
        updateDebt = try TensorData.require("agent.update_debt", in: tensors, dtype: .f64, shape: [], file: file).doubleValues()[0]
        actingGenerator = try generator("agent.acting_rng")
        updateGenerator = try generator("agent.update_rng")
        if let replay { try buffer.restore(from: replay, file: file) }
    }
}
