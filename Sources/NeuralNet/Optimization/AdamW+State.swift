/// Export and import of the optimizer state as named tensors (for checkpoints).
///
/// Keys: `<parameter>.exp_avg`, `<parameter>.exp_avg_sq` (F32, the parameter's shape) and
/// `step` (I64, shape `[]`), following PyTorch's state names.
extension AdamW {
    public func stateTensors() -> [String: TensorData] {
        var tensors: [String: TensorData] = ["step": TensorData(int64: [Int64(stepCount)], shape: [])]
        for (k, parameter) in parameters.enumerated() {
            tensors[parameter.name + ".exp_avg"] = TensorData(matrix: firstMoments[k], shape: parameter.shape)
            tensors[parameter.name + ".exp_avg_sq"] = TensorData(matrix: secondMoments[k], shape: parameter.shape)
        }
        return tensors
    }

    /// Restores a state from `stateTensors()`; `file` names the source in errors. Checks
    /// every key, dtype and shape before changing anything.
    public func loadState(_ tensors: [String: TensorData], file: String) throws {
        var expected: [(key: String, shape: [Int], matrix: Matrix)] = []
        for (k, parameter) in parameters.enumerated() {
            expected.append((parameter.name + ".exp_avg", parameter.shape, firstMoments[k]))
            expected.append((parameter.name + ".exp_avg_sq", parameter.shape, secondMoments[k]))
        }
        let stepTensor = try TensorData.require("step", in: tensors, dtype: .i64, shape: [], file: file)
        for item in expected {
            _ = try TensorData.require(item.key, in: tensors, dtype: .f32, shape: item.shape, file: file)
        }
        let known = Set(expected.map(\.key) + ["step"])
        if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw SafeTensorsError(file: file, problem: "unexpected tensor '\(extra)' in optimizer state")
        }
        for item in expected { try tensors[item.key]!.copyFloats(into: item.matrix) }
        stepCount = Int(try stepTensor.int64Values()[0])
    }
}
