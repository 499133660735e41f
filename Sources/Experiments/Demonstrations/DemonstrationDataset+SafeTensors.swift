import Foundation
import NeuralNet
import Tasks

/// Demonstration datasets as safetensors files that Python's `safetensors` and numpy read
/// directly: `obs` [steps, obs_dim] f32, `action` [steps, act_dim] f32, `chunk`
/// [steps, horizon, act_dim] f32, `episode_ends` [episodes] i64, `episode_success`
/// [episodes] u8, and `__metadata__` (scene, expert, seeds, ...).
extension DemonstrationDataset {
    public func write(to path: String) throws {
        try validate()
        let steps = stepCount
        var metadata = self.metadata
        metadata["format"] = "pushforward-demonstrations-1"
        let file = SafeTensorsFile(tensors: [
            "obs": TensorData(floats: observations, shape: [steps, observationSize]),
            "action": TensorData(floats: actions, shape: [steps, actionSize]),
            "chunk": TensorData(floats: chunks, shape: [steps, horizon, actionSize]),
            "episode_ends": TensorData(int64: episodeEnds.map(Int64.init), shape: [episodeCount]),
            "episode_success": TensorData(uint8: episodeSuccess.map { $0 ? 1 : 0 }, shape: [episodeCount]),
        ], metadata: metadata)
        try SafeTensors.write(file, to: URL(fileURLWithPath: path))
    }

    /// Reads and checks a dataset; a truncated, corrupted or inconsistent file gives one
    /// line naming the file and the problem.
    public static func read(from path: String) throws -> DemonstrationDataset {
        let file = try SafeTensors.read(contentsOf: URL(fileURLWithPath: path))
        func tensor(_ name: String, rank: Int) throws -> TensorData {
            guard let t = file.tensors[name] else {
                throw SafeTensorsError(file: path, problem: "not a demonstration dataset: no tensor '\(name)'")
            }
            guard t.shape.count == rank else {
                throw SafeTensorsError(file: path, problem: "tensor '\(name)' has rank \(t.shape.count), expected \(rank)")
            }
            return t
        }
        let obs = try tensor("obs", rank: 2), action = try tensor("action", rank: 2)
        let chunk = try tensor("chunk", rank: 3), ends = try tensor("episode_ends", rank: 1)
        let success = try tensor("episode_success", rank: 1)
        var dataset = DemonstrationDataset(observationSize: obs.shape[1], actionSize: action.shape[1],
                                           horizon: chunk.shape[1], metadata: file.metadata)
        do {
            dataset.observations = try obs.floatValues()
            dataset.actions = try action.floatValues()
            dataset.chunks = try chunk.floatValues()
            dataset.episodeEnds = try ends.int64Values().map { Int($0) }
            dataset.episodeSuccess = try success.uint8Values().map { $0 != 0 }
            try dataset.validate()
        } catch {
            throw SafeTensorsError(file: path, problem: String(describing: error))
        }
        guard obs.shape[0] == dataset.stepCount else {
            throw SafeTensorsError(file: path, problem: "obs has \(obs.shape[0]) rows but episode_ends ends at \(dataset.stepCount)")
        }
        guard chunk.shape[2] == dataset.actionSize else {
            throw SafeTensorsError(file: path, problem: "chunk rows have \(chunk.shape[2]) numbers, action has \(dataset.actionSize)")
        }
        dataset.metadata["format"] = nil
        return dataset
    }
}
