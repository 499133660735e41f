import NeuralNet
import Tasks

/// The seeds of one rollout episode: its reset and its initial-noise stream.
public struct EpisodeSeeds: Sendable, Hashable {
    /// Seeds the generator of the environment's reset.
    public var environment: UInt64
    /// Seeds the episode's own stream of initial noise (see `ChunkController.reset`).
    public var noise: UInt64

    public init(environment: UInt64, noise: UInt64) {
        self.environment = environment
        self.noise = noise
    }
}

/// What a loop over environments does besides stepping them: evaluation records
/// episodes and frames, DAgger labels states with the teacher and mixes in its actions,
/// RL chooses the initial noise and collects transitions. `Rollout` calls these hooks in
/// a fixed order; every hook has a default that does nothing.
///
/// Order within one replan: `begin` for each slot that starts an episode, then
/// `initialNoise`, `planned`, and for each of the `Ta` steps `willStep`, then `stepped`
/// for each stepped slot (and `end` right after it when its episode ended).
public protocol RolloutObserver {
    associatedtype Env: Environment

    /// Episode `episode` begins in `slot`, right after its reset.
    mutating func begin(episode: Int, slot: Int, seeds: EpisodeSeeds, environment: Env, observation: [Double]) throws
    /// The initial noise of this replan (normalised, `batch x H*D`; rows of slots not in
    /// `planning` are ignored), or nil to let the controller draw each slot's from its
    /// episode stream.
    mutating func initialNoise(planning: [Bool], controller: ChunkController) throws -> Matrix?
    /// The chunks just planned: for each slot in `planning`, the `Ta` actions to execute
    /// (task units). The hook may change them (a residual policy adds its correction).
    mutating func planned(planning: [Bool], plans: inout [[[Double]]], controller: ChunkController) throws
    /// Before a step of every running slot (`actions[slot] != nil`): the hook may record
    /// the states or replace actions.
    mutating func willStep(environments: [Env], actions: inout [[Double]?]) throws
    /// After `slot` executed `action`.
    mutating func stepped(slot: Int, environment: Env, action: [Double], result: StepResult) throws
    /// Episode `episode` in `slot` ended (terminated or truncated) with `result`.
    mutating func end(episode: Int, slot: Int, environment: Env, result: StepResult) throws
}

extension RolloutObserver {
    public mutating func begin(episode: Int, slot: Int, seeds: EpisodeSeeds, environment: Env, observation: [Double]) throws {}
    public mutating func initialNoise(planning: [Bool], controller: ChunkController) throws -> Matrix? { nil }
    public mutating func planned(planning: [Bool], plans: inout [[[Double]]], controller: ChunkController) throws {}
    public mutating func willStep(environments: [Env], actions: inout [[Double]?]) throws {}
    public mutating func stepped(slot: Int, environment: Env, action: [Double], result: StepResult) throws {}
    public mutating func end(episode: Int, slot: Int, environment: Env, result: StepResult) throws {}
}
