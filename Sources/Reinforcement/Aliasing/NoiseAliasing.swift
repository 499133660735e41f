import Foundation
import NeuralNet
import Policies

/// DSRL-NA ("noise aliasing", Wagenmaker et al. 2025): the latent actor learns from a
/// critic over the environment's actions, so that all the noises the base policy maps to
/// the same chunk share what is learnt about it.
///
/// One gradient step on a minibatch `(o, w, r, o', d)` of stored latent actions `w`, with
/// `pi_dp(o, w)` the executed part of the frozen base policy's chunk (`BaseActionMap`):
///
/// 1. action critics, by TD: `w' ~ pi(o')`,
///    `y = r + d (min QA'(o', pi_dp(o', w')) - alpha log pi(w' | o'))`,
///    `L_QA = (MSE(QA1(o, pi_dp(o, w)), y) + MSE(QA2(o, pi_dp(o, w)), y)) / 2`, one Adam step;
/// 2. latent critics, distilled on `v`: for the first half of the rows `N(0, I)` clipped
///    to the bound (everywhere the noise can be), for the second half the actor's own
///    samples on `o` (where the actor's loss asks the latent critics),
///    `L_QW = (MSE(QW1(o, v), t) + MSE(QW2(o, v), t)) / 2` with `t = min(QA1, QA2)(o, pi_dp(o, v))`
///    from the just-updated action critics, one Adam step;
/// 3. actor and temperature as SAC's steps 3-4, through the latent critics; the action
///    critics' targets follow by Polyak averaging.
///
/// The latent actor, the latent critics (`sac.critics`) and the temperature are those of
/// `sac` (its own target critics stay unused). The three `pi_dp` batches run the
/// denoiser in two halves, on the two threads of SAC's pairs when it has them. Draws come
/// from the caller's generator: minibatch, `w'` noise, actor noise, then `v`.
public final class NoiseAliasing {
    public let sac: SAC
    /// `QA1`, `QA2` over `(o, executed actions)` (`action_critics.<i>.*`).
    public let actionCritics: [Critic]
    /// Their Polyak averages (`target_action_critics.<i>.*`).
    public let targetActionCritics: [Critic]
    public let actionCriticOptimizers: [AdamW]
    let baseActions: BaseActionMap
    let polyakPairs: [[(target: Matrix, source: Matrix)]]
    let workspaces: [Critic.Workspace]
    /// `pi_dp(o, w)`, `pi_dp(o', w')`, `pi_dp(o, v)` (`batch x Ta*D`).
    let executed: Matrix, nextExecuted: Matrix, distilledExecuted: Matrix
    /// The distillation's latent samples `v` (`batch x` the agent's action size) and targets `t`.
    let distillationNoise: Matrix
    let distillationTargets: Matrix
    let targets: Matrix
    let gradients: [Matrix]
    let losses: Matrix

    /// Action critics initialised from `random` after `sac`'s networks (critic 0, critic 1,
    /// then the targets' draws, overwritten by copies). `latent`: how the agent's action
    /// becomes noise (nil: it is the whole noise).
    public init(sac: SAC, base: Policy, sampler: Sampler, latent: NoiseLatent? = nil,
                random: inout RandomSource) throws {
        self.sac = sac
        let options = sac.options, b = options.batchSize
        baseActions = try BaseActionMap(policy: base, sampler: sampler, latent: latent, batchSize: b)
        let o = sac.observationSize, a = baseActions.size
        actionCritics = (0..<2).map { i in
            Critic(observationSize: o, actionSize: a, width: options.width, hiddenLayers: options.hiddenLayers,
                   name: "action_critics.\(i)", random: &random)
        }
        targetActionCritics = (0..<2).map { i in
            Critic(observationSize: o, actionSize: a, width: options.width, hiddenLayers: options.hiddenLayers,
                   name: "target_action_critics.\(i)", random: &random)
        }
        polyakPairs = zip(targetActionCritics, actionCritics).map { target, critic in
            zip(target.parameters, critic.parameters).map { t, c in
                t.value.assign(from: c.value)
                return (t.value, c.value)
            }
        }
        actionCriticOptimizers = actionCritics.map {
            AdamW(parameters: $0.parameters, learningRate: options.learningRate, weightDecay: 0)
        }
        workspaces = actionCritics.map { Critic.Workspace(for: $0, batchSize: b) }
        executed = Matrix(rows: b, columns: a)
        nextExecuted = Matrix(rows: b, columns: a)
        distilledExecuted = Matrix(rows: b, columns: a)
        distillationNoise = Matrix(rows: b, columns: sac.actionSize)
        distillationTargets = Matrix(rows: b, columns: 1)
        targets = Matrix(rows: b, columns: 1)
        gradients = (0..<2).map { _ in Matrix(rows: b, columns: 1) }
        losses = Matrix(rows: 1, columns: 2)
    }

    /// One DSRL-NA update (see the type's documentation); non-finite values stop it with
    /// `ReinforcementError.nonFinite` naming the step and the tensor.
    @discardableResult
    public func gradientStep(buffer: ReplayBuffer, generator: inout RandomSource) throws(ReinforcementError)
        -> SAC.StepStatistics {
        let sac = self.sac, step = sac.stepCount + 1, b = sac.options.batchSize
        let alpha = sac.alpha, batch = sac.batch
        buffer.sample(into: batch, using: &generator)
        generator.fillGaussian(sac.nextActorWorkspace.noise)
        generator.fillGaussian(sac.actorWorkspace.noise)
        generator.fillGaussian(distillationNoise)
        // The first half of `v` is the clipped draw; the second half becomes the actor's samples below.
        let bound = Float(sac.options.actionBound)
        for i in 0..<(b / 2) * sac.actionSize {
            distillationNoise.pointer[i] = min(max(distillationNoise.pointer[i], -bound), bound)
        }
        let next = sac.nextActorWorkspace, current = sac.actorWorkspace, actor = sac.actor
        sac.pair { k in actor.forward(k == 0 ? batch.nextObservations : batch.observations, workspace: k == 0 ? next : current) }
        try SAC.check(next.actions, "next latent action", step)
        try SAC.check(next.logProbabilities, "next log-probability", step)
        try SAC.check(current.actions, "latent action", step)
        for r in b / 2..<b { distillationNoise.row(r).update(from: current.actions.row(r), count: sac.actionSize) }

        // The base policy's executed actions for the stored, the next and the distilled noises.
        let base = baseActions
        let jobs: [(Matrix, Matrix, Matrix)] = [(batch.observations, batch.actions, executed),
                                               (batch.nextObservations, next.actions, nextExecuted),
                                               (batch.observations, distillationNoise, distilledExecuted)]
        for (observations, noise, output) in jobs {
            sac.pair { k in base.actions(half: k, observations: observations, noise: noise, into: output) }
            try SAC.check(output, "base policy action", step)
        }

        // 1. Action critics by TD.
        let workspaces = self.workspaces, targetCritics = targetActionCritics, critics = actionCritics
        sac.pair { k in
            targetCritics[k].forward(observations: batch.nextObservations, actions: self.nextExecuted, workspace: workspaces[k])
        }
        do {
            let y = targets.pointer, r = batch.rewards.pointer, d = batch.discounts.pointer
            let q1 = workspaces[0].values.pointer, q2 = workspaces[1].values.pointer
            let logp = next.logProbabilities.pointer
            for i in 0..<b { y[i] = r[i] + d[i] * (min(q1[i], q2[i]) - alpha * logp[i]) }
        }
        try SAC.check(targets, "target action Q", step)
        let criticLoss = try regress(critics, optimizers: actionCriticOptimizers, workspaces: workspaces,
                                     observations: batch.observations, actions: executed, targets: targets,
                                     name: "action critic loss", step: step)
        var qSum: Double = 0
        for k in 0..<2 { for i in 0..<b { qSum += Double(workspaces[k].values.pointer[i]) } }

        // 2. Latent critics distilled from the updated action critics.
        sac.pair { k in
            critics[k].forward(observations: batch.observations, actions: self.distilledExecuted, workspace: workspaces[k])
        }
        do {
            let t = distillationTargets.pointer
            let q1 = workspaces[0].values.pointer, q2 = workspaces[1].values.pointer
            for i in 0..<b { t[i] = min(q1[i], q2[i]) }
        }
        try SAC.check(distillationTargets, "distillation target", step)
        let distillationLoss = try regress(sac.critics, optimizers: sac.criticOptimizers, workspaces: sac.criticWorkspaces,
                                           observations: batch.observations, actions: distillationNoise,
                                           targets: distillationTargets, name: "latent critic loss", step: step)

        // 3. Actor and temperature through the latent critics; the action critics' targets follow.
        let improvement = try sac.improveActor(observations: batch.observations, alpha: alpha, step: step,
                                               polyakPairs: polyakPairs)
        sac.stepCount = step
        return SAC.StepStatistics(criticLoss: criticLoss, actorLoss: improvement.actorLoss,
                                  alphaLoss: improvement.alphaLoss, meanQ: Float(qSum / Double(2 * b)), alpha: alpha,
                                  entropy: -improvement.meanLogProbability, distillationLoss: distillationLoss)
    }

    /// `(MSE(Q1(o, a), t) + MSE(Q2(o, a), t)) / 2` and one Adam step per critic.
    private func regress(_ critics: [Critic], optimizers: [AdamW], workspaces: [Critic.Workspace],
                         observations: Matrix, actions: Matrix, targets: Matrix, name: String,
                         step: Int) throws(ReinforcementError) -> Float {
        let gradients = self.gradients, losses = self.losses
        sac.pair { k in
            let q = critics[k].forward(observations: observations, actions: actions, workspace: workspaces[k])
            losses.pointer[k] = Loss.meanSquaredError(prediction: q, target: targets, gradient: gradients[k])
            gradients[k].scale(by: 0.5)
        }
        let loss = 0.5 * losses.pointer[0] + 0.5 * losses.pointer[1]
        try SAC.check(loss, name, step)
        sac.pair { k in
            critics[k].backward(valueGradient: gradients[k], workspace: workspaces[k])
            optimizers[k].step()
        }
        return loss
    }
}
