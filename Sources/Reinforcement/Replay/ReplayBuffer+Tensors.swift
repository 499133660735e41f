import NeuralNet

/// The buffer as named tensors, for safetensors checkpoints and bit-exact resume.
///
/// Names: `replay.observations` `[count, O]`, `replay.actions` `[count, A]`,
/// `replay.rewards` `[count]`, `replay.next_observations` `[count, O]`,
/// `replay.discounts` `[count]` (F32, slots `0 ..< count` in slot order, so sampling
/// after a restore draws the same transitions), and `replay.capacity`, `replay.count`,
/// `replay.write_index` (I64 scalars).
extension ReplayBuffer {
    public enum TensorNames {
        public static let observations = "replay.observations"
        public static let actions = "replay.actions"
        public static let rewards = "replay.rewards"
        public static let nextObservations = "replay.next_observations"
        public static let discounts = "replay.discounts"
        public static let capacity = "replay.capacity"
        public static let count = "replay.count"
        public static let writeIndex = "replay.write_index"
        public static let all = [observations, actions, rewards, nextObservations, discounts, capacity, count, writeIndex]
    }

    public func tensors() -> [String: TensorData] {
        [
            TensorNames.observations: TensorData(floats: observations, shape: [count, observationSize]),
            TensorNames.actions: TensorData(floats: actions, shape: [count, actionSize]),
            TensorNames.rewards: TensorData(floats: rewards, shape: [count]),
            TensorNames.nextObservations: TensorData(floats: nextObservations, shape: [count, observationSize]),
            TensorNames.discounts: TensorData(floats: discounts, shape: [count]),
            TensorNames.capacity: TensorData(int64: [Int64(capacity)], shape: []),
            TensorNames.count: TensorData(int64: [Int64(count)], shape: []),
            TensorNames.writeIndex: TensorData(int64: [Int64(writeIndex)], shape: []),
        ]
    }

    /// Restores `tensors()` of a buffer with the same capacity and sizes; `file` names the
    /// source in errors. Tensors not named `replay.*` are ignored (a checkpoint file may
    /// hold other state); every `replay.*` tensor is checked before anything changes.
    public func restore(from tensors: [String: TensorData], file: String = "") throws {
        func scalar(_ name: String) throws -> Int {
            Int(try TensorData.require(name, in: tensors, dtype: .i64, shape: [], file: file).int64Values()[0])
        }
        let storedCapacity = try scalar(TensorNames.capacity)
        guard storedCapacity == capacity else {
            throw SafeTensorsError(file: file, problem: "the replay buffer was saved with capacity \(storedCapacity), this one has \(capacity)")
        }
        let n = try scalar(TensorNames.count), index = try scalar(TensorNames.writeIndex)
        guard n >= 0, n <= capacity, index >= 0, index < capacity, n == capacity || index == n else {
            throw SafeTensorsError(file: file, problem: "replay count \(n) and write index \(index) do not fit capacity \(capacity)")
        }
        let o = try TensorData.require(TensorNames.observations, in: tensors, dtype: .f32, shape: [n, observationSize], file: file)
        let a = try TensorData.require(TensorNames.actions, in: tensors, dtype: .f32, shape: [n, actionSize], file: file)
        let r = try TensorData.require(TensorNames.rewards, in: tensors, dtype: .f32, shape: [n], file: file)
        let next = try TensorData.require(TensorNames.nextObservations, in: tensors, dtype: .f32, shape: [n, observationSize], file: file)
        let d = try TensorData.require(TensorNames.discounts, in: tensors, dtype: .f32, shape: [n], file: file)
        let known = Set(TensorNames.all)
        if let extra = tensors.keys.sorted().first(where: { $0.hasPrefix("replay.") && !known.contains($0) }) {
            throw SafeTensorsError(file: file, problem: "unexpected tensor '\(extra)' in replay buffer state")
        }
        func load(_ tensor: TensorData, into array: inout [Float]) throws {
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: try tensor.floatValues())
        }
        try load(o, into: &observations)
        try load(a, into: &actions)
        try load(r, into: &rewards)
        try load(next, into: &nextObservations)
        try load(d, into: &discounts)
        count = n
        writeIndex = index
    }
}
