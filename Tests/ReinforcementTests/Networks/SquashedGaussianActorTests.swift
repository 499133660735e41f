import Foundation
import NeuralNet
import Testing
@testable import Reinforcement

@Suite struct SquashedGaussianActorTests {
    private func makeActor(bound: Float = 1.5, seed: UInt64 = 3) -> SquashedGaussianActor {
        var random = RandomSource(seed: seed)
        return SquashedGaussianActor(observationSize: 4, actionSize: 3, width: 8, hiddenLayers: 2, bound: bound,
                                     random: &random)
    }

    @Test("a zeroed mean head acts 0 everywhere and keeps its log-std outputs")
    func zeroInitialMean() {
        let actor = makeActor()
        let observations = GradientCheck.random(4, 4, seed: 2, -2, 2)
        let workspace = SquashedGaussianActor.Workspace(for: actor, batchSize: 4)
        actor.forwardNetwork(observations, workspace: workspace)
        let logStdBefore = (0..<4).flatMap { r in (3..<6).map { workspace.network.output[r, $0] } }
        actor.zeroInitialMean()
        let actions = Matrix(rows: 4, columns: 3)
        actor.deterministicActions(observations, workspace: workspace, into: actions)
        #expect(actions.values.allSatisfy { $0 == 0 })
        actor.forwardNetwork(observations, workspace: workspace)
        #expect((0..<4).flatMap { r in (3..<6).map { workspace.network.output[r, $0] } } == logStdBefore)
    }

    @Test func logProbabilityMatchesDirectComputation() {
        let actor = makeActor(bound: 1.5)
        // Spread the head so means and log-stds cover a range, one log-std beyond each clamp end.
        let bias = actor.network.head.bias.value
        for (j, v) in [0.8, -1.2, 0.3, 0.5, 3.5, -7.0].enumerated() { bias[0, j] = Float(v) }
        let rows = 5
        let observations = GradientCheck.random(rows, 4, seed: 11, -2, 2)
        let workspace = SquashedGaussianActor.Workspace(for: actor, batchSize: rows)
        var generator = RandomSource(seed: 12)
        actor.sample(observations, using: &generator, workspace: workspace)
        let head = workspace.network.output
        for r in 0..<rows {
            var expected = 0.0
            for j in 0..<3 {
                let mean = Double(head[r, j])
                let logStd = min(max(Double(head[r, 3 + j]), -5), 2)
                let std = exp(logStd)
                let u = mean + std * Double(workspace.noise[r, j])
                // Gaussian density of u, then the change of variables a = b tanh(u).
                let gaussian = -0.5 * pow((u - mean) / std, 2) - log(std) - 0.5 * log(2 * Double.pi)
                // 1 - tanh(u)^2 = 4 / (e^u + e^-u)^2, exact in Double even where tanh rounds to 1.
                let sechSquared = 4 / pow(exp(u) + exp(-u), 2)
                expected += gaussian - log(1.5 * sechSquared)
                #expect(abs(Double(workspace.actions[r, j]) - 1.5 * tanh(u)) < 1e-5)
            }
            #expect(abs(Double(workspace.logProbabilities[r, 0]) - expected) < 1e-4 * max(1, abs(expected)),
                    "row \(r): \(workspace.logProbabilities[r, 0]) vs \(expected)")
        }
    }

    @Test func logProbabilityStaysFiniteWhereTanhSaturates() {
        let actor = makeActor()
        let bias = actor.network.head.bias.value
        for j in 0..<3 { bias[0, j] = 40 }
        let observations = GradientCheck.random(2, 4, seed: 13)
        let workspace = SquashedGaussianActor.Workspace(for: actor, batchSize: 2)
        var generator = RandomSource(seed: 14)
        actor.sample(observations, using: &generator, workspace: workspace)
        for r in 0..<2 {
            let logp = workspace.logProbabilities[r, 0]
            #expect(logp.isFinite && logp > 100, "log pi \(logp) at u near 40")
            for j in 0..<3 { #expect(workspace.actions[r, j] == 1.5) }
        }
    }

    @Test func deterministicActionIsBoundTimesTanhOfMean() {
        let actor = makeActor(bound: 2)
        let observations = GradientCheck.random(3, 4, seed: 15)
        let workspace = SquashedGaussianActor.Workspace(for: actor, batchSize: 3)
        let actions = Matrix(rows: 3, columns: 3)
        actor.deterministicActions(observations, workspace: workspace, into: actions)
        let head = workspace.network.output
        for r in 0..<3 {
            for j in 0..<3 { #expect(abs(actions[r, j] - 2 * tanh(head[r, j])) < 1e-6) }
        }
    }

    /// L = sum(w_a * a) + sum(w_l * log pi) with the noise held fixed.
    @Test func gradientsMatchFiniteDifferences() {
        let actor = makeActor(seed: 21)
        let bias = actor.network.head.bias.value
        bias[0, 3] = 3.5   // log-std of dimension 0 clamped at 2: no gradient through it
        bias[0, 5] = -6    // log-std of dimension 2 clamped at -5
        let rows = 3
        let observations = GradientCheck.random(rows, 4, seed: 22, -2, 2)
        let workspace = SquashedGaussianActor.Workspace(for: actor, batchSize: rows)
        var generator = RandomSource(seed: 23)
        generator.fillGaussian(workspace.noise)
        let actionWeights = GradientCheck.random(rows, 3, seed: 24)
        let logWeights = GradientCheck.random(rows, 1, seed: 25)
        func loss() -> Double {
            actor.forward(observations, workspace: workspace)
            return GradientCheck.weightedSum(workspace.actions, actionWeights)
                + GradientCheck.weightedSum(workspace.logProbabilities, logWeights)
        }
        _ = loss()
        actor.backward(observations: observations, actionGradient: actionWeights,
                       logProbabilityGradient: logWeights, workspace: workspace)
        let analytic = actor.parameters.map { $0.gradient.values }
        for (parameter, gradient) in zip(actor.parameters, analytic) {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: gradient, loss: loss)
        }
        // The clamped log-stds pass no gradient to their head bias.
        #expect(actor.network.head.bias.gradient[0, 3] == 0 && actor.network.head.bias.gradient[0, 5] == 0)
    }
}
