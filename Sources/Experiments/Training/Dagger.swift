import Foundation
import NeuralNet
import Policies
import Tasks

/// Interactive imitation (DAgger, Ross et al. 2011) with a teacher that labels any state.
///
/// One round rolls out the learner on fresh episodes — at each replan the expert acts
/// instead with probability `beta` — and records, at every visited state, the teacher's
/// chunk from that state. The episodes are aggregated into the training data.
public enum Dagger {
    public struct Round: Sendable {
        public var episodes: [ExpertEpisode]
        /// Episodes the learner (with the expert mixed in) completed successfully.
        public var successes: Int
        public var seconds: Double
    }

    /// Runs one round of `count` episodes seeded from `seed`.
    public static func round<Env>(policy: Policy, setup: TaskSetup<Env>, count: Int, beta: Double, seed: UInt64,
                                  sampler: Sampler, batchSize: Int, threads: Int) throws -> Round {
        let start = Stopwatch.now()
        let batch = min(batchSize, count)
        let controller = try ChunkController(policy: policy, sampler: sampler, batchSize: batch, seed: seed)
        let ta = policy.configuration.actionHorizon
        var episodes: [ExpertEpisode] = []
        var successes = 0
        var first = 0
        while first < count {
            let n = min(batch, count - first)
            var envs: [Env] = []
            var mixers: [RandomSource] = []
            var recorded = [ExpertEpisode](repeating: ExpertEpisode(), count: batch)
            for slot in 0..<batch {
                var env = try setup.hooks.make()
                let episodeSeed = DemoCollector.episodeSeed(seed ^ 0xDA66_E500_0000_0000, first + min(slot, n - 1))
                var generator = RandomSource(seed: episodeSeed)
                let observation = try setup.hooks.reset(&env, &generator)
                controller.reset(slot: slot, observation: observation, noiseSeed: episodeSeed ^ 1)
                mixers.append(RandomSource(seed: episodeSeed ^ 2))
                envs.append(env)
            }
            var active = (0..<batch).map { $0 < n }
            while active.contains(true) {
                let plans = controller.plan(active: active)
                let expertActs = (0..<batch).map { mixers[$0].nextDouble() < beta }
                for j in 0..<ta where active.contains(true) {
                    // Label every active state with the teacher's chunk, in parallel.
                    var labels = [[[Double]]](repeating: [], count: batch)
                    let snapshot = envs
                    try labels.withUnsafeMutableBufferPointer { out in
                        let base = UncheckedPointer(out.baseAddress!)
                        try Parallel.chunks(count: batch, threads: threads) { range in
                            for slot in range where active[slot] { base.pointer[slot] = try setup.teach(snapshot[slot]) }
                        }
                    }
                    var actions = [[Double]?](repeating: nil, count: batch)
                    for slot in 0..<batch where active[slot] {
                        recorded[slot].observations.append(envs[slot].observation())
                        recorded[slot].chunks.append(labels[slot])
                        actions[slot] = expertActs[slot] ? labels[slot][0] : plans[slot][j]
                    }
                    var batched = BatchedEnvironments(envs, threads: threads)
                    let results = try batched.step(actions)
                    envs = batched.environments
                    for slot in 0..<batch {
                        guard let result = results[slot] else { continue }
                        controller.observe(slot: slot, observation: result.observation)
                        if result.terminated || result.truncated {
                            active[slot] = false
                            recorded[slot].success = result.info.isSuccess
                        }
                    }
                }
            }
            for slot in 0..<n {
                if recorded[slot].success { successes += 1 }
                episodes.append(recorded[slot])
            }
            first += n
        }
        return Round(episodes: episodes, successes: successes, seconds: Stopwatch.now() - start)
    }
}

/// A pointer shared by workers that write disjoint elements.
struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
