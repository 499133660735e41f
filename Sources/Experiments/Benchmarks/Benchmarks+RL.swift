import Foundation
import NeuralNet
import Policies
import Reinforcement
import Tasks

/// The `rl` group: SAC gradient steps/s on the reference SAC of the benchmark spec
/// (PyTorch 2.15 eager on this kind of machine: 37.6 steps/s with 1 thread, 56.2 with 2),
/// and DSRL's and DSRL-NA's environment steps/s on Push-T with a quickstart-sized base policy (every
/// executed step counted; one gradient step per chunk, as the shipped configs).
extension BenchmarkGroup {
    public static let rl = BenchmarkGroup(
        name: "rl",
        summary: "reference SAC gradient steps/s; DSRL and DSRL-NA environment steps/s on Push-T (quickstart-sized base, batch 25)"
    ) { options, report in
        let repeats = options.quick ? 3 : 5
        for threads in options.threadCounts {
            // Two threads: SAC's own pairs, with BLAS on one (both at once compete).
            BLAS.threadCount = 1
            var rates: [Double] = []
            for _ in 0..<repeats {
                rates.append(try SACBenchmark.referenceStepsPerSecond(steps: options.quick ? 20 : 100, threads: threads))
            }
            rates.sort()
            report(BenchmarkFigure(name: "sac_gradient_steps_per_s", value: rates[rates.count / 2], unit: "steps/s",
                                   medianOf: repeats, threads: threads,
                                   note: threads == 1 ? "PyTorch: 37.6" : "PyTorch: 56.2"))
        }
        let (task, policy) = try BenchmarkPolicies.quickstartSized()
        // DSRL-NA runs the denoiser on three batches in every gradient step: fewer episodes.
        for (name, aliasing, full) in [("dsrl", nil, 50), ("dsrl_na", Sampler.ddim(10), 20)] as [(String, Sampler?, Int)] {
            for threads in options.threadCounts {
                BLAS.threadCount = threads
                let agent = try SteeringAgent(kind: .noise, base: policy, options: SAC.Options(), capacity: 100_000,
                                              warmupSteps: 0, updatesPerTransition: 1, aliasing: aliasing, seed: 0)
                agent.sac.threads = min(threads, 2)
                let rollout = try Rollout(task: task, policy: policy, sampler: .ddim(10), batchSize: 25, seed: 0,
                                          threads: threads)
                let episodes = options.quick ? full / 2 : full
                var collector = SteeringCollector<PushTEnvironment>(agent: agent, batchSize: 25)
                let statistics = try rollout.run(episodes: episodes, seeds: { index in
                    EpisodeSeeds(environment: SeedDomain.steeringEpisode.seed(0, index: index), noise: 0)
                }, observer: &collector)
                report(BenchmarkFigure(name: "\(name)_env_steps_per_s", value: Double(statistics.steps) / statistics.seconds,
                                       unit: "steps/s", medianOf: 1, threads: threads,
                                       note: "\(episodes) episodes, \(agent.sac.stepCount) gradient steps"))
            }
        }
    }
}
