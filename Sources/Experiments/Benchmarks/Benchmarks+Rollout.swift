import Foundation
import NeuralNet
import Policies
import Tasks

/// The `rollout` group: the rollout engine driving Push-T under a quickstart-sized
/// diffusion policy (keypoint observations, width 512, 3 blocks, DDIM 10, `Ta` = 8),
/// batched over 50 environments as evaluation runs it. The policy is untrained, so every
/// episode lasts the full 300 steps: the figure is throughput per environment step, the
/// policy's share included, not a success rate.
extension BenchmarkGroup {
    public static let rollout = BenchmarkGroup(
        name: "rollout",
        summary: "Push-T evaluation through the rollout engine: environment steps/s with a quickstart-sized policy (DDIM 10, batch 50)"
    ) { options, report in
        let (task, policy) = try BenchmarkPolicies.quickstartSized()
        let episodes = options.quick ? 50 : 100
        for threads in options.threadCounts {
            BLAS.threadCount = threads
            var evaluation = EvaluationOptions()
            evaluation.episodes = episodes
            evaluation.threads = threads
            var steps = 0
            let seconds = try Stopwatch.median(repeats: options.quick ? 1 : 3, warmup: 0) {
                steps = try Evaluator.run(policy: policy, task: task, options: evaluation).statistics.steps
            }
            report(BenchmarkFigure(name: "pusht_policy_env_steps_per_s", value: Double(steps) / seconds, unit: "steps/s",
                                   medianOf: options.quick ? 1 : 3, threads: threads,
                                   note: "\(episodes) episodes x 300 steps, DDIM 10 every 8 steps"))
        }
    }
}
