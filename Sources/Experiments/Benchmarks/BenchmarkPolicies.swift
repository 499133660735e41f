import NeuralNet
import Policies
import Tasks

/// Policies the benchmark groups drive environments with.
enum BenchmarkPolicies {
    /// Push-T with keypoint observations and an untrained diffusion policy of the
    /// quickstart's size (width 512, 3 blocks, H 16, Ta 8), normalised to the 512-unit
    /// field (a flow policy of the same size on request). Untrained, so every episode lasts the full 300 steps.
    static func quickstartSized(family: PolicyConfiguration.Family = .diffusion) throws -> (task: PushTTask, policy: Policy) {
        var configuration = PolicyConfiguration()
        configuration.family = family
        configuration.width = 512
        configuration.blocks = 3
        let task = try PushTTask(scene: PushTScene(), options: TaskOptions(observation: .keypoints))
        let o = task.observationSize, a = task.actionSize
        var random = RandomSource(seed: 0)
        let policy = try Policy(
            configuration: configuration, observationSize: o, actionSize: a,
            observationNormalizer: Normalizer(minimum: .init(repeating: 0, count: o), maximum: .init(repeating: 512, count: o)),
            actionNormalizer: Normalizer(minimum: .init(repeating: 0, count: a), maximum: .init(repeating: 512, count: a)),
            random: &random)
        return (task, policy)
    }
}
