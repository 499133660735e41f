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

    /// Runs one round of `count` episodes seeded from `seed` (the round's base seed).
    public static func round<Task: TaskDefinition>(
        policy: Policy, task: Task, count: Int, beta: Double, seed: UInt64,
        sampler: Sampler, batchSize: Int, threads: Int
    ) throws -> Round {
        let rollout = try Rollout(task: task, policy: policy, sampler: sampler, batchSize: min(batchSize, count),
                                  seed: seed, threads: threads)
        var labeller = DaggerLabeller(task: task, episodes: count, batchSize: rollout.batchSize, beta: beta, threads: threads)
        let statistics = try rollout.run(episodes: count, seeds: { index in
            let episode = SeedDomain.daggerEpisode.seed(seed, index: index)
            return EpisodeSeeds(environment: episode, noise: SeedDomain.daggerNoise.seed(episode))
        }, observer: &labeller)
        let episodes = labeller.episodes.map { $0! }
        return Round(episodes: episodes, successes: episodes.filter(\.success).count, seconds: statistics.seconds)
    }
}

/// DAgger's observer: labels every visited state with the teacher's chunk (in parallel
/// over slots) and, at each replan, lets the expert act instead of the learner with
/// probability `beta` (drawn from the episode's own `SeedDomain.daggerMixing` stream).
struct DaggerLabeller<Task: TaskDefinition>: RolloutObserver {
    let task: Task
    let beta: Double
    let threads: Int
    var episodes: [ExpertEpisode?]
    private var recorded: [ExpertEpisode]
    private var mixers: [RandomSource]
    private var expertActs: [Bool]

    init(task: Task, episodes: Int, batchSize: Int, beta: Double, threads: Int) {
        self.task = task
        self.beta = beta
        self.threads = threads
        self.episodes = Array(repeating: nil, count: episodes)
        recorded = Array(repeating: ExpertEpisode(), count: batchSize)
        mixers = Array(repeating: RandomSource(seed: 0), count: batchSize)
        expertActs = Array(repeating: false, count: batchSize)
    }

    mutating func begin(episode: Int, slot: Int, seeds: EpisodeSeeds, environment: Task.Env, observation: [Double]) {
        recorded[slot] = ExpertEpisode()
        mixers[slot] = RandomSource(seed: SeedDomain.daggerMixing.seed(seeds.environment))
    }

    mutating func planned(planning: [Bool], plans: inout [[[Double]]], controller: ChunkController) {
        for slot in planning.indices where planning[slot] { expertActs[slot] = mixers[slot].nextDouble() < beta }
    }

    mutating func willStep(environments: [Task.Env], actions: inout [[Double]?]) throws {
        let batch = actions.count
        var labels = [[[Double]]](repeating: [], count: batch)
        let stepping = actions.map { $0 != nil }
        let task = self.task
        try labels.withUnsafeMutableBufferPointer { out in
            let base = UncheckedPointer(out.baseAddress!)
            try Parallel.chunks(count: batch, threads: threads) { range in
                for slot in range where stepping[slot] { base.pointer[slot] = try task.teach(environments[slot]) }
            }
        }
        for slot in 0..<batch where stepping[slot] {
            recorded[slot].observations.append(environments[slot].observation())
            recorded[slot].chunks.append(labels[slot])
            if expertActs[slot] { actions[slot] = labels[slot][0] }
        }
    }

    mutating func end(episode: Int, slot: Int, environment: Task.Env, result: StepResult) {
        recorded[slot].success = result.info.isSuccess
        episodes[episode] = recorded[slot]
    }
}

/// A pointer shared by workers that write disjoint elements.
struct UncheckedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
