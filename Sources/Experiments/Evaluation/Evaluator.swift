import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// How an evaluation runs.
public struct EvaluationOptions: Sendable, Hashable, Codable {
    public var episodes = 200
    /// Evaluation seeds come from their own stream, disjoint from the demonstration seeds.
    public var seed: UInt64 = 1_000_003
    /// Environments run together (one batched network call per replan).
    public var batchSize = 50
    public var sampler = Sampler.ddim(10)
    /// GIFs of the first this-many episodes.
    public var gifs = 0
    /// Threads stepping environments; 0 uses every core.
    public var threads = 0

    public init() {}

    /// The environment seed of evaluation episode `index` (a domain separate from the
    /// demonstrations' `DemoCollector.episodeSeed`).
    public static func episodeSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        DemoCollector.episodeSeed(seed ^ 0xE7A1_5EED_0000_0000, index)
    }
}

/// The outcome of an evaluation: per-episode results, figures and recorded frames.
public struct EvaluationOutcome: Sendable {
    public var episodes: [EpisodeRecord]
    public var seconds: Double
    public var functionEvaluationsPerChunk: Int
    public var actionHorizon: Int
    /// Draw lists of the first `gifs` episodes, one per step.
    public var frames: [[DrawList]]

    /// Network evaluations per control step (per replan divided by the executed actions).
    public var nfePerControlStep: Double { Double(functionEvaluationsPerChunk) / Double(actionHorizon) }

    /// The figures of `summary.json` for this evaluation.
    public func summary(step: Int, sampler: Sampler) -> EvaluationSummary {
        EvaluationSummary(records: episodes, sampler: sampler.description, checkpointStep: step,
                          nfePerControlStep: nfePerControlStep, seconds: seconds)
    }
}

/// Runs a policy on many episodes, batched over environments: waves of `batchSize`
/// episodes start together, replan together every `Ta` steps (one batched sample), and
/// step in parallel. Every episode's reset and noise come from its own seed, so results
/// do not depend on the batch size or thread count (DDPM excepted, see `ChunkController`).
public enum Evaluator {
    public static func run<Env: Environment>(
        policy: Policy, hooks: TaskHooks<Env>, options: EvaluationOptions,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> EvaluationOutcome {
        guard options.episodes >= 1 else { throw UserFacingError("episodes must be at least 1, got \(options.episodes)") }
        let start = Stopwatch.now()
        let threads = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        let batch = min(options.batchSize, options.episodes)
        let controller = try ChunkController(policy: policy, sampler: options.sampler, batchSize: batch, seed: options.seed)
        var results: [EpisodeRecord] = []
        var frames: [[DrawList]] = Array(repeating: [], count: min(options.gifs, options.episodes))
        var successes = 0, finished = 0
        var first = 0
        while first < options.episodes {
            let count = min(batch, options.episodes - first)
            var envs: [Env] = []
            var seeds: [UInt64] = []
            var visited: [[[Double]]] = []
            for slot in 0..<batch {
                var env = try hooks.make()
                let index = first + min(slot, count - 1)
                let seed = EvaluationOptions.episodeSeed(options.seed, index)
                var generator = RandomSource(seed: seed)
                let observation = try hooks.reset(&env, &generator)
                controller.reset(slot: slot, observation: observation, noiseSeed: seed ^ 0x0001_5EED_0000_0001)
                envs.append(env)
                seeds.append(seed)
                visited.append([observation])
            }
            var active = (0..<batch).map { $0 < count }
            var maxCoverage = envs.map { hooks.coverage($0) ?? 0 }
            var outcome = [Bool](repeating: false, count: batch)
            var batched = BatchedEnvironments(envs, threads: threads)
            while active.contains(true) {
                let plans = controller.plan(active: active)
                for j in 0..<policy.configuration.actionHorizon where active.contains(true) {
                    let actions: [[Double]?] = (0..<batch).map { active[$0] ? plans[$0][j] : nil }
                    for slot in 0..<batch where active[slot] && first + slot < frames.count {
                        frames[first + slot].append(hooks.draw(batched.environments[slot], actions[slot]))
                    }
                    let stepped = try batched.step(actions)
                    for slot in 0..<batch {
                        guard let result = stepped[slot] else { continue }
                        controller.observe(slot: slot, observation: result.observation)
                        visited[slot].append(result.observation)
                        maxCoverage[slot] = max(maxCoverage[slot], hooks.coverage(batched.environments[slot]) ?? 0)
                        if result.terminated || result.truncated {
                            active[slot] = false
                            outcome[slot] = result.info.isSuccess
                            if outcome[slot] && slot < count { successes += 1 }
                            if slot < count {
                                finished += 1
                                progress(finished, successes)
                            }
                        }
                    }
                }
            }
            for slot in 0..<count {
                let env = batched.environments[slot]
                if first + slot < frames.count { frames[first + slot].append(hooks.draw(env, nil)) }
                let coverage = hooks.coverage(env)
                results.append(EpisodeRecord(
                    index: first + slot, seed: seeds[slot], success: outcome[slot], length: env.stepIndex,
                    maxCoverage: coverage == nil ? nil : maxCoverage[slot], finalCoverage: coverage,
                    mode: hooks.mode(visited[slot]) ?? ""))
            }
            first += count
        }
        return EvaluationOutcome(episodes: results, seconds: Stopwatch.now() - start,
                                 functionEvaluationsPerChunk: controller.sampler.functionEvaluations,
                                 actionHorizon: policy.configuration.actionHorizon, frames: frames)
    }
}
