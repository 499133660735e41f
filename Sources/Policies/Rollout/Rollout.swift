import Foundation
import NeuralNet
import Tasks

/// The one batched loop over environments: a batch of slots, each running episodes of a
/// task under a receding-horizon `ChunkController`. Evaluation, DAgger and RL all step
/// environments through it and differ only in their `RolloutObserver`.
///
/// All slots replan together, every `Ta` steps, in one batched sampler call over the
/// whole batch, and step in parallel between replans (`Ta`: the controller's
/// `executionHorizon`). Slot `s` runs episodes `s`,
/// `s + B`, `s + 2B`, ... (`B` the batch size): when its episode ends it starts the next
/// one at the following replan — at most `Ta - 1` steps later, not after the slowest
/// episode of a wave.
///
/// Reproducibility: each episode draws its reset and noise from its own `EpisodeSeeds`,
/// and the network call always has `B` rows that never interact, so an episode's outcome
/// does not depend on the thread count or on the other episodes. It does depend, in the
/// last bits, on `B` and on its row: BLAS computes the rows of a partial register tile
/// with another kernel (measured: the same chunk differs in the last float bits between
/// row 0 and row `B - 1`). Episodes therefore keep a fixed row (`index mod B`) rather than
/// taking whichever slot frees first. DDPM's posterior noise comes from one stream per
/// controller, so DDPM results also depend on the batch's composition.
public struct Rollout<Task: TaskDefinition> {
    public let task: Task
    public let controller: ChunkController
    /// Threads stepping environments (1 runs inline).
    public let threads: Int

    /// `batchSize` slots (at least 1); `seed` seeds the controller's shared streams.
    public init(task: Task, policy: Policy, sampler: Sampler, batchSize: Int, seed: UInt64, threads: Int) throws {
        precondition(batchSize >= 1, "a rollout needs at least one slot")
        self.task = task
        controller = try ChunkController(policy: policy, sampler: sampler, batchSize: batchSize, seed: seed)
        self.threads = max(1, threads)
    }

    public var batchSize: Int { controller.batchSize }

    /// Runs episodes `0..<episodes`; episode `i` starts from `seeds(i)` in slot `i mod B`.
    @discardableResult
    public func run<Observer: RolloutObserver>(
        episodes: Int, seeds: (Int) -> EpisodeSeeds, observer: inout Observer
    ) throws -> RolloutStatistics where Observer.Env == Task.Env {
        let start = Date()
        let batch = batchSize, horizon = controller.executionHorizon
        let template = try task.makeEnvironment()
        var environments = BatchedEnvironments([Task.Env](repeating: template, count: batch), threads: threads)
        var running = [Int?](repeating: nil, count: batch)
        /// Steps taken in each slot's current episode (for naming a non-finite value).
        var episodeSteps = [Int](repeating: 0, count: batch)
        var statistics = RolloutStatistics()
        /// The next episode of each slot (`slot`, `slot + B`, ...).
        var next = Array(0..<batch)
        while true {
            for slot in 0..<batch where running[slot] == nil && next[slot] < episodes {
                let episode = next[slot]
                let episodeSeeds = seeds(episode)
                var generator = RandomSource(seed: episodeSeeds.environment)
                let observation = try environments.update(slot) { environment in
                    environment = template
                    return try environment.reset(using: &generator)
                }
                try Self.checkFinite(observation, "the observation", episode: episode, step: 0)
                controller.reset(slot: slot, observation: observation, noiseSeed: episodeSeeds.noise)
                running[slot] = episode
                episodeSteps[slot] = 0
                try observer.begin(episode: episode, slot: slot, seeds: episodeSeeds,
                                   environment: environments.environments[slot], observation: observation)
                next[slot] += batch
            }
            let planning = running.map { $0 != nil }
            guard planning.contains(true) else { break }
            let noise = try observer.initialNoise(planning: planning, controller: controller)
            if noise != nil, controller.sampler.anchorCount != nil {
                throw PolicyError.samplerMismatch("an anchored policy cannot be steered through its initial noise (it noises K anchors per chunk itself); steer a diffusion or flow policy")
            }
            var plans = controller.plan(active: planning, noise: noise)
            statistics.replans += 1
            try observer.planned(planning: planning, plans: &plans, controller: controller)
            for j in 0..<horizon {
                var actions: [[Double]?] = (0..<batch).map { running[$0] == nil ? nil : plans[$0][j] }
                let stepping = actions.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
                guard stepping > 0 else { break }
                statistics.steps += stepping
                statistics.idleSlotSteps += batch - stepping
                try observer.willStep(environments: environments.environments, actions: &actions)
                for slot in 0..<batch {
                    guard let action = actions[slot], let episode = running[slot] else { continue }
                    try Self.checkFinite(action, "the action", episode: episode, step: episodeSteps[slot] + 1)
                }
                let results = try environments.step(actions)
                for slot in 0..<batch {
                    guard let result = results[slot], let action = actions[slot], let episode = running[slot] else { continue }
                    episodeSteps[slot] += 1
                    try Self.checkFinite(result.observation, "the observation", episode: episode, step: episodeSteps[slot])
                    controller.observe(slot: slot, observation: result.observation)
                    try observer.stepped(slot: slot, environment: environments.environments[slot], action: action, result: result)
                    if result.terminated || result.truncated {
                        running[slot] = nil
                        statistics.episodes += 1
                        try observer.end(episode: episode, slot: slot, environment: environments.environments[slot], result: result)
                    }
                }
            }
        }
        statistics.seconds = Date().timeIntervalSince(start)
        return statistics
    }
}

extension Rollout {
    /// Stops the rollout on a NaN or infinite observation or action: an environment or a
    /// policy that produces one would otherwise fill metrics, datasets and replay buffers.
    static func checkFinite(_ values: [Double], _ what: String, episode: Int, step: Int) throws(NonFiniteError) {
        guard values.allFinite else {
            throw NonFiniteError(place: "rollout episode \(episode) step \(step)", tensor: what, value: "\(values)")
        }
    }
}

/// What a rollout did, for throughput figures.
public struct RolloutStatistics: Sendable, Hashable {
    public var episodes = 0
    /// Environment steps executed.
    public var steps = 0
    /// Batched sampler calls (one per replan).
    public var replans = 0
    /// Slot-steps spent without an episode while others ran (waiting for the next replan,
    /// or for the last episodes to finish).
    public var idleSlotSteps = 0
    public var seconds = 0.0

    public init() {}
}
