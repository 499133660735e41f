import Foundation
import NeuralNet

/// Soft actor-critic (Haarnoja et al. 2018, with the learned temperature of the second
/// paper), as Stable-Baselines3 runs it for DSRL: a tanh-squashed Gaussian actor, twin
/// critics with Polyak-averaged targets, and Adam on the actor, the critics and log alpha.
///
/// One `gradientStep` on a minibatch `(o, a, r, o', d)`, with alpha = exp(log alpha) as
/// it stands at the start of the step:
///
/// 1. target: `a' ~ pi(o')`, `y = r + d (min(Q1', Q2')(o', a') - alpha log pi(a' | o'))`;
/// 2. critics: `L_Q = (MSE(Q1(o, a), y) + MSE(Q2(o, a), y)) / 2`, one Adam step;
/// 3. actor: `a~ ~ pi(o)` (reparameterised), `L_pi = mean(alpha log pi(a~ | o) - min(Q1, Q2)(o, a~))`
///    with the just-updated critics, whose parameters this loss does not train; one Adam step;
/// 4. temperature: `L_alpha = -log alpha * (mean log pi(a~ | o) + targetEntropy)`, one Adam
///    step, then `alpha >= alphaFloor`;
/// 5. `target <- (1 - tau) target + tau critic` for both critics (every parameter, LayerNorm's too).
///
/// (Step 3's Adam step, 4 and 5 touch disjoint state, so they run side by side.)
///
/// Every draw comes from the caller's generator (minibatch indices, then the noise of
/// `a'`, then that of `a~`); the workspaces for `options.batchSize` are allocated once,
/// so a gradient step allocates no buffer. Non-finite values stop the step with
/// `ReinforcementError.nonFinite` before the optimizer step they would corrupt.
///
/// Most of a step comes in independent pairs: the two actor passes (on `o'` and on `o`,
/// both with the weights from before the step), each phase of the twin critics (each
/// critic has its own Adam, which is the same update as one Adam over both), the actor's
/// backward pass (input gradients along the layers, weight gradients one layer behind),
/// and the final updates. With `threads = 2` the two halves of each pair run on two
/// threads; the result is the same bit for bit, since each half does exactly the same
/// operations either way.
public final class SAC {
    public let observationSize: Int
    public let actionSize: Int
    public let options: Options
    /// `options.targetEntropy`, or `-actionSize`.
    public let targetEntropy: Float
    public let actor: SquashedGaussianActor
    /// The twin critics `Q1`, `Q2` (`critics.0.*`, `critics.1.*`).
    public let critics: [Critic]
    /// Their Polyak averages (`target_critics.0.*`, `target_critics.1.*`).
    public let targetCritics: [Critic]
    /// log alpha, a `1 x 1` parameter named `log_alpha`.
    public let logAlpha: Parameter
    public let actorOptimizer: AdamW
    /// One Adam per critic (the same update as SB3's single Adam over both).
    public let criticOptimizers: [AdamW]
    public let temperatureOptimizer: AdamW
    /// Completed gradient steps.
    public internal(set) var stepCount = 0
    /// 1 or 2: the threads that run the two halves of each pair of a gradient step (2
    /// starts a worker thread, kept until the SAC goes). With 2, set `BLAS.threadCount = 1`
    /// so each half's products run on its own thread instead of competing for OpenBLAS's
    /// pool. Changes speed only, never results.
    public var threads = 1 {
        didSet { threadPair = threads >= 2 ? (threadPair ?? ThreadPair()) : nil }
    }
    private var threadPair: ThreadPair?

    let batch: ReplayBatch
    /// The actor on `o'` (the targets) and on `o` (the actor's loss).
    let nextActorWorkspace: SquashedGaussianActor.Workspace
    let actorWorkspace: SquashedGaussianActor.Workspace
    let criticWorkspaces: [Critic.Workspace]
    let targetValues: Matrix
    let valueGradients: [Matrix]
    /// dL/da from each critic; the first receives the sum.
    let actionGradients: [Matrix]
    let logProbabilityGradient: Matrix
    /// Each critic's loss (`1 x 2`), written by its own thread.
    let criticLosses: Matrix
    /// Tells the actor pass on `o` that its noise is drawn.
    let noiseReady = DispatchSemaphore(value: 0)
    /// Per critic: `(target, online)` parameter values, in Polyak order.
    let polyakPairs: [[(target: Matrix, source: Matrix)]]
    var actingWorkspaces: [Int: SquashedGaussianActor.Workspace] = [:]

    /// A SAC whose networks are initialised from `random` (actor, then critic 0, then critic
    /// 1, each as PyTorch initialises its layers); the targets start as copies of the critics.
    public init(observationSize: Int, actionSize: Int, options: Options = Options(),
                random: inout RandomSource) throws(ReinforcementError) {
        try options.validate()
        guard observationSize >= 1, actionSize >= 1 else {
            throw .invalid(key: "actionSize", "observation and action sizes must be positive, got \(observationSize) and \(actionSize)")
        }
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.options = options
        targetEntropy = Float(options.resolvedTargetEntropy(actionSize: actionSize))
        let w = options.width, depth = options.hiddenLayers
        actor = SquashedGaussianActor(observationSize: observationSize, actionSize: actionSize, width: w,
                                      hiddenLayers: depth, bound: Float(options.actionBound), random: &random)
        critics = (0..<2).map { i in
            Critic(observationSize: observationSize, actionSize: actionSize, width: w, hiddenLayers: depth,
                   name: "critics.\(i)", random: &random)
        }
        // The targets' own draws are overwritten by the copies below.
        targetCritics = (0..<2).map { i in
            Critic(observationSize: observationSize, actionSize: actionSize, width: w, hiddenLayers: depth,
                   name: "target_critics.\(i)", random: &random)
        }
        polyakPairs = zip(targetCritics, critics).map { target, critic in
            zip(target.parameters, critic.parameters).map { t, c in
                t.value.assign(from: c.value)
                return (t.value, c.value)
            }
        }
        logAlpha = Parameter(name: "log_alpha", shape: [], rows: 1, columns: 1)
        logAlpha.value.pointer[0] = Float(Foundation.log(options.initialAlpha))
        actorOptimizer = AdamW(parameters: actor.parameters, learningRate: options.learningRate, weightDecay: 0)
        criticOptimizers = critics.map { AdamW(parameters: $0.parameters, learningRate: options.learningRate, weightDecay: 0) }
        temperatureOptimizer = AdamW(parameters: [logAlpha], learningRate: options.learningRate, weightDecay: 0)

        let b = options.batchSize
        batch = ReplayBatch(size: b, observationSize: observationSize, actionSize: actionSize)
        nextActorWorkspace = SquashedGaussianActor.Workspace(for: actor, batchSize: b)
        actorWorkspace = SquashedGaussianActor.Workspace(for: actor, batchSize: b)
        criticWorkspaces = critics.map { Critic.Workspace(for: $0, batchSize: b) }
        targetValues = Matrix(rows: b, columns: 1)
        valueGradients = (0..<2).map { _ in Matrix(rows: b, columns: 1) }
        actionGradients = (0..<2).map { _ in Matrix(rows: b, columns: actionSize) }
        logProbabilityGradient = Matrix(rows: b, columns: 1)
        criticLosses = Matrix(rows: 1, columns: 2)
    }

    /// A SAC initialised from the run seed `seed` (through `SeedDomain.rlNetworks`).
    public convenience init(observationSize: Int, actionSize: Int, options: Options = Options(),
                            seed: UInt64) throws(ReinforcementError) {
        var random = RandomSource(seed: SeedDomain.rlNetworks.seed(seed))
        try self.init(observationSize: observationSize, actionSize: actionSize, options: options, random: &random)
    }

    /// The current temperature `exp(log alpha)`.
    public var alpha: Float { Foundation.exp(logAlpha.value.pointer[0]) }

    /// What one gradient step measured, for logging.
    public struct StepStatistics: Sendable, Hashable {
        /// `(MSE(Q1, y) + MSE(Q2, y)) / 2` before the critics' update.
        public var criticLoss: Float
        /// `mean(alpha log pi - min(Q1, Q2))` before the actor's update.
        public var actorLoss: Float
        /// `-log alpha (mean log pi + targetEntropy)` before the temperature update.
        public var alphaLoss: Float
        /// The mean of `(Q1 + Q2) / 2` at the minibatch's own actions.
        public var meanQ: Float
        /// The temperature used in this step's losses.
        public var alpha: Float
        /// The entropy estimate `-mean log pi(a~ | o)`.
        public var entropy: Float
        /// DSRL-NA: the latent critics' distillation loss; nil for plain SAC.
        public var distillationLoss: Float? = nil
    }

    /// One SAC update on a minibatch drawn from `buffer` with `generator` (see the type's
    /// documentation). Throws `nonFinite` (naming step `stepCount + 1`) as soon as a
    /// target, a Q batch, an action batch or a loss is NaN or infinite; the updates
    /// already applied in that step (if any) are not undone.
    @discardableResult
    public func gradientStep(buffer: ReplayBuffer, generator: inout RandomSource) throws(ReinforcementError) -> StepStatistics {
        let step = stepCount + 1
        let b = options.batchSize
        let alpha = self.alpha
        let actor = self.actor, critics = self.critics, batch = self.batch
        let workspaces = criticWorkspaces, actorWorkspace = self.actorWorkspace
        buffer.sample(into: batch, using: &generator)

        // Both actor passes use the weights from before the step. The noise is drawn in
        // the generator's order (a' first) while the other thread runs the network on `o`.
        let nextActorWorkspace = self.nextActorWorkspace, noiseReady = self.noiseReady
        pair { k in
            if k == 0 {
                generator.fillGaussian(nextActorWorkspace.noise)
                generator.fillGaussian(actorWorkspace.noise)
                noiseReady.signal()
                actor.forward(batch.nextObservations, workspace: nextActorWorkspace)
            } else {
                actor.forwardNetwork(batch.observations, workspace: actorWorkspace)
                noiseReady.wait()
                actor.squash(workspace: actorWorkspace)
            }
        }
        try Self.check(nextActorWorkspace.actions, "next action", step)
        try Self.check(nextActorWorkspace.logProbabilities, "next log-probability", step)
        try Self.check(actorWorkspace.actions, "action", step)
        try Self.check(actorWorkspace.logProbabilities, "log-probability", step)

        // 1. Targets.
        let targetCritics = self.targetCritics
        pair { k in
            targetCritics[k].forward(observations: batch.nextObservations, actions: nextActorWorkspace.actions,
                                     workspace: workspaces[k])
        }
        let next1 = workspaces[0].values, next2 = workspaces[1].values
        try Self.check(next1, "target Q", step)
        try Self.check(next2, "target Q", step)
        do {
            let y = targetValues.pointer, r = batch.rewards.pointer, d = batch.discounts.pointer
            let q1 = next1.pointer, q2 = next2.pointer, logp = nextActorWorkspace.logProbabilities.pointer
            for i in 0..<b { y[i] = r[i] + d[i] * (min(q1[i], q2[i]) - alpha * logp[i]) }
        }
        try Self.check(targetValues, "target Q", step)

        // 2. Critics: L = (MSE(Q1, y) + MSE(Q2, y)) / 2.
        let targetValues = self.targetValues, valueGradients = self.valueGradients, losses = criticLosses
        pair { k in
            let q = critics[k].forward(observations: batch.observations, actions: batch.actions, workspace: workspaces[k])
            losses.pointer[k] = Loss.meanSquaredError(prediction: q, target: targetValues, gradient: valueGradients[k])
            valueGradients[k].scale(by: 0.5)
        }
        var qSum: Double = 0
        for k in 0..<2 {
            let q = workspaces[k].values
            try Self.check(q, "critic Q", step)
            for i in 0..<b { qSum += Double(q.pointer[i]) }
        }
        let criticLoss = 0.5 * losses.pointer[0] + 0.5 * losses.pointer[1]
        try Self.check(criticLoss, "critic loss", step)
        let criticOptimizers = self.criticOptimizers
        pair { k in
            critics[k].backward(valueGradient: valueGradients[k], workspace: workspaces[k])
            criticOptimizers[k].step()
        }

        // 3-5. Actor and temperature through the updated critics; the targets follow.
        let improvement = try improveActor(observations: batch.observations, alpha: alpha, step: step,
                                           polyakPairs: polyakPairs)
        let actorLoss = improvement.actorLoss, alphaLoss = improvement.alphaLoss
        let meanLogProbability = improvement.meanLogProbability
        stepCount = step
        return StepStatistics(criticLoss: criticLoss, actorLoss: actorLoss, alphaLoss: alphaLoss,
                              meanQ: Float(qSum / Double(2 * b)), alpha: alpha, entropy: -meanLogProbability)
    }

    /// Steps 3-5 of a gradient step, after the critics' update: the actor's loss
    /// `mean(alpha log pi(a~ | o) - min(Q1, Q2)(o, a~))` through `critics` at the actions of
    /// `actorWorkspace` (already sampled on `observations`), one Adam step for the actor,
    /// the temperature's loss and Adam step (with its floor), and Polyak averaging of
    /// `polyakPairs` (`(target, online)` values) with `tau`. DSRL-NA runs the same steps
    /// on its latent critics and averages its action critics.
    func improveActor(observations: Matrix, alpha: Float, step: Int,
                      polyakPairs: [[(target: Matrix, source: Matrix)]]) throws(ReinforcementError)
        -> (actorLoss: Float, alphaLoss: Float, meanLogProbability: Float) {
        let b = options.batchSize
        let inverseBatch = 1 / Float(b)
        let actor = self.actor, critics = self.critics, workspaces = criticWorkspaces
        let actorWorkspace = self.actorWorkspace, valueGradients = self.valueGradients
        pair { k in
            critics[k].forward(observations: observations, actions: actorWorkspace.actions, workspace: workspaces[k])
        }
        let q1 = workspaces[0].values, q2 = workspaces[1].values
        try Self.check(q1, "critic Q at the actor's action", step)
        try Self.check(q2, "critic Q at the actor's action", step)
        var actorTotal: Double = 0, logProbabilityTotal: Double = 0
        do {
            let logp = actorWorkspace.logProbabilities.pointer
            let g1 = valueGradients[0].pointer, g2 = valueGradients[1].pointer, gl = logProbabilityGradient.pointer
            for i in 0..<b {
                let first = q1.pointer[i] <= q2.pointer[i]
                actorTotal += Double(alpha * logp[i] - (first ? q1.pointer[i] : q2.pointer[i]))
                logProbabilityTotal += Double(logp[i])
                g1[i] = first ? -inverseBatch : 0
                g2[i] = first ? 0 : -inverseBatch
                gl[i] = alpha * inverseBatch
            }
        }
        let actorLoss = Float(actorTotal / Double(b))
        try Self.check(actorLoss, "actor loss", step)
        let actionGradients = self.actionGradients
        pair { k in
            critics[k].actionGradient(valueGradient: valueGradients[k], workspace: workspaces[k],
                                      into: actionGradients[k], accumulate: false)
        }
        actionGradients[0].add(actionGradients[1])
        actor.backward(observations: observations, actionGradient: actionGradients[0],
                       logProbabilityGradient: logProbabilityGradient, workspace: actorWorkspace,
                       threads: threadPair)

        // 4. Temperature.
        let meanLogProbability = Float(logProbabilityTotal / Double(b))
        let logAlphaValue = logAlpha.value.pointer[0]
        let alphaLoss = -logAlphaValue * (meanLogProbability + targetEntropy)
        try Self.check(alphaLoss, "temperature loss", step)
        logAlpha.gradient.pointer[0] = -(meanLogProbability + targetEntropy)

        // The actor's and the temperature's Adam steps, while the targets follow the critics (5).
        let tau = Float(options.tau), keep = 1 - Float(options.tau)
        let actorOptimizer = self.actorOptimizer
        let temperatureOptimizer = self.temperatureOptimizer, logAlpha = self.logAlpha
        let floor = options.alphaFloor > 0 ? Float(Foundation.log(options.alphaFloor)) : -Float.infinity
        pair { k in
            if k == 0 {
                actorOptimizer.step()
                temperatureOptimizer.step()
                if logAlpha.value.pointer[0] < floor { logAlpha.value.pointer[0] = floor }
            } else {
                for pairs in polyakPairs {
                    for pair in pairs {
                        let t = pair.target.pointer, s = pair.source.pointer
                        for i in 0..<pair.target.count { t[i] = t[i] * keep + tau * s[i] }
                    }
                }
            }
        }
        return (actorLoss, alphaLoss, meanLogProbability)
    }

    /// Runs `body(0)` and `body(1)`: one after the other, or on the two threads of
    /// `threadPair` when `threads >= 2`. The two halves touch disjoint buffers; where one
    /// waits for the other, `body(1)` waits for `body(0)`, as `ThreadPair` requires.
    func pair(_ body: (Int) -> Void) {
        if let threadPair {
            threadPair.run(body)
        } else {
            body(0)
            body(1)
        }
    }

    static func check(_ matrix: Matrix, _ name: String, _ step: Int) throws(ReinforcementError) {
        let p = matrix.pointer
        for i in 0..<matrix.count where !p[i].isFinite {
            throw .nonFinite(step: step, tensor: name, kind: p[i].isNaN ? .nan : .infinite)
        }
    }

    static func check(_ value: Float, _ name: String, _ step: Int) throws(ReinforcementError) {
        if !value.isFinite { throw .nonFinite(step: step, tensor: name, kind: value.isNaN ? .nan : .infinite) }
    }
}
