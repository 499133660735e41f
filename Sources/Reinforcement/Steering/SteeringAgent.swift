import NeuralNet
import Policies
import Tasks

/// An RL agent that steers a frozen base policy, chunk by chunk.
///
/// - `noise` (DSRL, Wagenmaker et al. 2025): the agent's action is the chunk's initial
///   noise `w` (`H*D` numbers in `[-b, b]`, or `k*D` held over the horizon, `NoiseLatent`);
///   the base policy, sampled deterministically (DDIM eta 0 or Euler), turns it into the
///   chunk. The denoiser is never trained.
/// - `residual`: the agent's action is a correction of the `Ta` executed actions, in the
///   base policy's normalised action units (`[-b, b]`), added to what the base planned
///   from its own noise.
///
/// The agent observes the controller's observation history, normalised as the base
/// policy normalises it. One RL step is one executed chunk: the reward is the sum over
/// the chunk, the discount is per chunk, and an episode ends (no bootstrap) on success;
/// a time-limit truncation bootstraps.
public final class SteeringAgent {
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case noise, residual
    }

    /// What one environment step pays the agent.
    public enum Reward: String, Codable, Hashable, Sendable, CaseIterable {
        /// The task's own reward (Push-T: coverage / 0.95 per step; Reach: -distance / 250
        /// per step, +1 on success).
        case task
        /// 1 on the step that succeeds, 0 otherwise (sparse, as DSRL's benchmarks). With a
        /// positive per-step task reward and episodes that end on success, the task reward
        /// pays more for staying near the goal until the time limit than for reaching it.
        case success
        /// -1 on every step until the episode succeeds, 0 on the step that succeeds (the
        /// DSRL release's sparse setting, its `reward_offset: 1`): a return of the order
        /// of the episode's length, so an entropy bonus does not swamp it.
        case penalty

        /// The agent's reward for one environment step.
        public func callAsFunction(_ result: StepResult) -> Double {
            let succeeded = result.terminated && result.info.isSuccess
            switch self {
            case .task: return result.reward
            case .success: return succeeded ? 1 : 0
            case .penalty: return succeeded ? 0 : -1
            }
        }
    }

    public let kind: Kind
    public let reward: Reward
    public let base: Policy
    public let sac: SAC
    /// How a noise agent's action becomes the chunk's initial noise; nil for residual RL.
    public let latent: NoiseLatent?
    /// DSRL-NA's action critics around `sac` (noise steering only); nil for DSRL-SAC and
    /// residual RL, whose gradient steps never call the denoiser.
    public let aliasing: NoiseAliasing?
    public let buffer: ReplayBuffer
    /// Draws of acting (exploration, warm-up noise).
    public var actingGenerator: RandomSource
    /// Draws of the gradient steps (minibatches, reparameterisation).
    public var updateGenerator: RandomSource
    /// Environment steps before the actor acts: until then DSRL acts with the base
    /// policy's own noise distribution (`N(0, I)`, clipped to the bound) and residual RL
    /// with no correction, so the buffer starts with the base policy's behaviour.
    public let warmupSteps: Int
    /// Gradient steps per stored transition (fractions accumulate).
    public let updatesPerTransition: Double
    /// The scale `k` of potential-based shaping (Ng et al. 1999), 0 for none: the potential
    /// of a state is `k` times the task reward of the step that reached it (Push-T: the
    /// coverage over 0.95, clipped to 1; Reach: minus the distance over 250), and each
    /// stored chunk's reward gains `d * phi(end) - phi(start)` with `d` its discount (0
    /// after success). The gains telescope over an episode to minus the first state's
    /// potential, so the best policy is unchanged while progress pays at once.
    public let shaping: Double

    /// Counters, saved with the agent.
    public internal(set) var environmentSteps = 0
    public internal(set) var transitions = 0
    var updateDebt = 0.0
    /// Statistics of the latest gradient step.
    public internal(set) var lastUpdate: SAC.StepStatistics?

    /// The shaping potential of the state `result` reached.
    func potential(_ result: StepResult) -> Double { shaping == 0 ? 0 : shaping * result.reward }

    /// Floats of the agent's observation (`To * obs`) and action.
    public var observationSize: Int { base.conditionSize }
    public var actionSize: Int { sac.actionSize }

    /// `aliasing`: DSRL-NA, with the deterministic sampler the base policy runs with
    /// (noise steering only); nil for SAC over the agent's actions. `latentSteps`: the
    /// distinct noise steps a noise agent chooses (`NoiseLatent`); nil for the whole horizon.
    public init(kind: Kind, base: Policy, options: SAC.Options, capacity: Int, warmupSteps: Int,
                updatesPerTransition: Double, reward: Reward = .task, shaping: Double = 0,
                aliasing sampler: Sampler? = nil, latentSteps: Int? = nil, seed: UInt64) throws {
        self.kind = kind
        self.reward = reward
        self.shaping = shaping
        self.base = base
        latent = kind == .noise
            ? NoiseLatent(horizon: base.configuration.predictionHorizon, actionSize: base.actionSize, steps: latentSteps)
            : nil
        let actionSize = latent?.size ?? base.configuration.actionHorizon * base.actionSize
        var random = RandomSource(seed: SeedDomain.rlNetworks.seed(seed))
        let sac = try SAC(observationSize: base.conditionSize, actionSize: actionSize, options: options, random: &random)
        self.sac = sac
        // A correction starts at zero: the residual agent's mean action is the base policy.
        if kind == .residual { sac.actor.zeroInitialMean() }
        precondition(sampler == nil || kind == .noise, "noise aliasing steers the noise")
        if let sampler {
            aliasing = try NoiseAliasing(sac: sac, base: base, sampler: sampler, latent: latent, random: &random)
        } else {
            aliasing = nil
        }
        buffer = ReplayBuffer(capacity: capacity, observationSize: base.conditionSize, actionSize: actionSize)
        actingGenerator = RandomSource(seed: SeedDomain.rlActing.seed(seed))
        updateGenerator = RandomSource(seed: SeedDomain.rlUpdates.seed(seed))
        self.warmupSteps = warmupSteps
        self.updatesPerTransition = updatesPerTransition
    }

    /// The normalised observation histories of the slots in `planning` into the rows of
    /// `observations` (`batch x To*obs`; other rows are left as they are).
    func observe(_ controller: ChunkController, planning: [Bool], into observations: Matrix) {
        let n = observationSize
        for slot in planning.indices where planning[slot] {
            let history = controller.history(slot: slot)
            history.withUnsafeBufferPointer { observations.row(slot).update(from: $0.baseAddress!, count: n) }
            base.observationNormalizer.normalize(observations.row(slot), count: n)
        }
    }

    /// The agent's actions for every row of `observations`: a sample of the actor
    /// (`explore`), its mean action, or during warm-up the base behaviour.
    func act(_ observations: Matrix, explore: Bool, into actions: Matrix) {
        if explore && environmentSteps < warmupSteps {
            let bound = Float(sac.options.actionBound)
            for i in 0..<actions.count {
                actions.pointer[i] = kind == .noise ? min(max(Float(actingGenerator.gaussian()), -bound), bound) : 0
            }
        } else {
            sac.act(observations: observations, deterministic: !explore, generator: &actingGenerator, into: actions)
        }
    }

    /// The initial noise of the rows of `actions` flagged in `planning`, into the same
    /// rows of `noise` (`batch x H*D`; noise steering only).
    func noise(of actions: Matrix, planning: [Bool], into noise: Matrix) {
        guard let latent else { preconditionFailure("residual actions are not noise") }
        for slot in planning.indices where planning[slot] {
            latent.expand(actions.row(slot), into: noise.row(slot))
        }
    }

    /// Stores one transition and owes `updatesPerTransition` gradient steps.
    func store(observation: UnsafePointer<Float>, action: UnsafePointer<Float>, reward: Float,
               nextObservation: UnsafePointer<Float>, discount: Float) {
        buffer.append(observation: Array(UnsafeBufferPointer(start: observation, count: observationSize)),
                      action: Array(UnsafeBufferPointer(start: action, count: actionSize)), reward: reward,
                      nextObservation: Array(UnsafeBufferPointer(start: nextObservation, count: observationSize)),
                      discount: discount)
        transitions += 1
        updateDebt += updatesPerTransition
    }

    /// Pays the owed gradient steps once the buffer holds a minibatch. With SAC's two
    /// threads, BLAS runs on one meanwhile: the two kinds of threading compete for the
    /// same cores (measured on the reference SAC: 65 steps/s with SAC's pairs alone,
    /// 36-41 with both).
    func update() throws {
        guard buffer.count >= sac.options.batchSize, updateDebt >= 1 else { return }
        try BLAS.withThreadCount(sac.threads >= 2 ? 1 : BLAS.threadCount) {
            while updateDebt >= 1 {
                if let aliasing {
                    lastUpdate = try aliasing.gradientStep(buffer: buffer, generator: &updateGenerator)
                } else {
                    lastUpdate = try sac.gradientStep(buffer: buffer, generator: &updateGenerator)
                }
                updateDebt -= 1
            }
        }
    }

    /// Scale from normalised to task units of dimension `k` of executed action `j`
    /// (residual actions): half the range the base policy's normaliser maps to [-1, 1].
    func residualScale(_ j: Int, _ k: Int) -> Double {
        let d = base.actionSize, normalizer = base.actionNormalizer
        let row = base.configuration.observationHorizon - 1 + j
        return normalizer.halfRange(normalizer.dimension == d ? k : row * d + k)
    }

    /// The agent acting deterministically (its mean action) on a controller of the base
    /// policy: what evaluation, rendering and the viewer run.
    public func steering() -> PolicySteering {
        let horizon = base.configuration.actionHorizon, d = base.actionSize
        switch kind {
        case .noise:
            return PolicySteering(noise: { [self] controller, planning in
                let observations = Matrix(rows: controller.batchSize, columns: observationSize)
                observe(controller, planning: planning, into: observations)
                let actions = Matrix(rows: controller.batchSize, columns: actionSize)
                act(observations, explore: false, into: actions)
                let noise = Matrix(rows: controller.batchSize, columns: base.chunkSize)
                self.noise(of: actions, planning: planning, into: noise)
                return noise
            })
        case .residual:
            return PolicySteering(residual: { [self] controller, planning, plans in
                let observations = Matrix(rows: controller.batchSize, columns: observationSize)
                observe(controller, planning: planning, into: observations)
                let actions = Matrix(rows: controller.batchSize, columns: actionSize)
                act(observations, explore: false, into: actions)
                for slot in planning.indices where planning[slot] {
                    for j in 0..<horizon {
                        for k in 0..<d { plans[slot][j][k] += Double(actions.row(slot)[j * d + k]) * residualScale(j, k) }
                    }
                }
            })
        }
    }
}
