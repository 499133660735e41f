import Configuration
import Policies
import Reinforcement
import Tasks

/// A steering configuration (`Configs/<task>/dsrl.yaml`, `.../residual.yaml`): which frozen
/// base policy, which RL method, its budget and how to evaluate. Every key has a default,
/// so a file states only what differs; `k=v` overrides apply on top.
public struct SteerConfig: Codable, Hashable, Sendable {
    /// The frozen base policy: an existing run, or a training recipe that makes one.
    public struct Base: Codable, Hashable, Sendable {
        /// A training run folder (its latest checkpoint, EMA weights) or a checkpoint folder.
        public var run = ""
        /// A training configuration run first when `run` is empty (its run folder is
        /// created beside the steering run's).
        public var recipe = ""
        /// Overrides for the recipe (`train.steps=2000` for a deliberately weak base).
        public var overrides: [String] = []
        /// The deterministic sampler the base policy runs with (DDIM eta 0 or Euler); the
        /// base run's evaluation sampler when absent.
        public var sampler: Sampler?
        public init() {}
    }

    /// What the RL agent acts on.
    public enum Method: String, Codable, Hashable, Sendable, CaseIterable {
        /// DSRL: SAC over each chunk's initial noise (the default).
        case dsrl
        /// DSRL-NA: the same latent actor, learning from a critic over the base policy's
        /// executed actions (trained by TD) distilled into a latent critic.
        case dsrlNA = "dsrl-na"
        /// Residual RL: SAC over a bounded correction added to the base policy's actions.
        case residual
    }

    /// The RL loop's budget and cadence.
    public struct Steer: Codable, Hashable, Sendable {
        /// Environment steps to run, counting every executed step of every chunk.
        public var steps = 100_000
        /// Environments stepped together (one batched base-policy call per replan).
        public var batchSize = 16
        /// Episodes per slot between bookkeeping points (evaluation, checkpoint, log).
        public var episodesPerRound = 2
        /// Environment steps acted with the base policy's own noise (DSRL) or no
        /// correction (residual) before the actor acts, to fill the buffer.
        public var warmupSteps = 2_000
        /// What a step pays the agent: `penalty` (-1 per step until success, 0 then; the
        /// default), `success` (1 when the episode succeeds, else 0) or `task` (the
        /// environment's own reward). Under `success`, SAC's entropy bonus is paid for as
        /// long as the episode lasts and success ends it: the agent learns to avoid success
        /// (Reach, 18k steps: 14 % against the base's 78 %).
        public var reward = SteeringAgent.Reward.penalty
        /// Potential-based shaping on top of `reward`: the potential is this times the
        /// task's own reward of a step (Push-T: coverage / 0.95), 0 for none
        /// (`SteeringAgent.shaping`). It pays progress within a chunk and leaves the best
        /// policy unchanged.
        public var shaping = 0.0
        /// DSRL: the distinct steps of the noise the agent chooses, each held over an equal
        /// run of the horizon (`NoiseLatent`); absent, the agent chooses every step (`H*D`
        /// numbers, DSRL's latent). `1` searches `D` numbers held over the whole chunk.
        public var latentSteps: Int?
        /// Gradient steps per transition stored (one transition = one chunk).
        public var updatesPerTransition = 1.0
        /// Evaluation every this many environment steps (0: only at the end).
        public var evalEvery = 20_000
        public var checkpointEvery = 20_000
        /// Checkpoints kept: the latest this many and the best by periodic evaluation
        /// (older ones are pruned).
        public var keepCheckpoints = 3
        /// SAC's settings. `sac.actionBound` is the squash bound `b` of the agent's action:
        /// DSRL's noise bound (1.5), or the residual's bound in normalised action units.
        public var sac = SAC.Options()
        public init() {}
    }

    /// Evaluation of the steered policy (its agent's mean action, the base's sampler).
    public struct Eval: Codable, Hashable, Sendable {
        public var episodes = EvaluationOptions.defaultEpisodes
        /// Episodes of the base evaluation at step 0 and of each periodic evaluation.
        public var periodicEpisodes = 50
        public var seed = EvaluationOptions.defaultSeed
        public var batchSize = EvaluationOptions.defaultBatchSize
        public var gifs = 3
        public init() {}
    }

    public var base = Base()
    public var method = Method.dsrl
    /// What the agent's action is for `method`.
    var agentKind: SteeringAgent.Kind { method == .residual ? .residual : .noise }
    public var seed: UInt64 = 0
    /// Threads for environments and BLAS; 0 uses every core.
    public var threads = 0
    public var steer = Steer()
    public var eval = Eval()

    public init() {}

    /// Checks what needs the base policy: `latentSteps` at most its horizon `H`.
    func validate(base policy: Policy) throws {
        try validate(baseHorizon: policy.configuration.predictionHorizon)
    }

    /// `latentSteps` at most the base policy's prediction horizon `horizon`: checked on the
    /// base run, or on the recipe before a base is trained.
    func validate(baseHorizon horizon: Int) throws {
        if let steps = steer.latentSteps, steps > horizon {
            throw SceneError(path: ["steer", "latentSteps"],
                             "must be at most the base policy's prediction horizon \(horizon), got \(steps)")
        }
    }

    /// Checks what decoding cannot; errors name the key.
    public func validate() throws {
        guard !base.run.isEmpty || !base.recipe.isEmpty else {
            throw SceneError(path: ["base"], "name the base policy: base.run (a training run folder) or base.recipe (a training config)")
        }
        func positive(_ value: Int, _ path: [String]) throws {
            guard value >= 1 else { throw SceneError(path: path, "must be at least 1, got \(value)") }
        }
        try positive(steer.steps, ["steer", "steps"])
        try positive(steer.batchSize, ["steer", "batchSize"])
        try positive(steer.episodesPerRound, ["steer", "episodesPerRound"])
        try positive(eval.episodes, ["eval", "episodes"])
        try positive(steer.keepCheckpoints, ["steer", "keepCheckpoints"])
        do {
            try steer.sac.validate()
        } catch .invalid(let key, let message) {
            throw SceneError(path: ["steer", "sac", key], message)
        } catch {
            throw error
        }
        if let steps = steer.latentSteps {
            guard method != .residual else {
                throw SceneError(path: ["steer", "latentSteps"], "is for noise steering (dsrl, dsrl-na); residual RL acts on actions")
            }
            try positive(steps, ["steer", "latentSteps"])
        }
        guard steer.shaping >= 0, steer.shaping.isFinite else {
            throw SceneError(path: ["steer", "shaping"], "must be 0 or more, got \(steer.shaping)")
        }
        guard steer.updatesPerTransition >= 0, steer.updatesPerTransition.isFinite else {
            throw SceneError(path: ["steer", "updatesPerTransition"], "must be 0 or more, got \(steer.updatesPerTransition)")
        }
        if let sampler = base.sampler, sampler.method == .ddpm {
            throw SceneError(path: ["base", "sampler", "method"], "DSRL steers a deterministic sampler: use ddim (eta 0) or euler, not ddpm")
        }
        if let sampler = base.sampler, sampler.method == .rti || sampler.every != nil {
            throw SceneError(path: ["base", "sampler", sampler.method == .rti ? "method" : "every"],
                             "the agent chooses every chunk's initial noise for Ta actions: use ddim, dpmsolver or euler without 'every'")
        }
    }
}
