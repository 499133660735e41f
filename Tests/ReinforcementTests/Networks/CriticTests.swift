import NeuralNet
import Testing
@testable import Reinforcement

@Suite struct CriticTests {
    private func makeCritic() -> Critic {
        var random = RandomSource(seed: 31)
        return Critic(observationSize: 3, actionSize: 2, width: 8, hiddenLayers: 3, name: "q", random: &random)
    }

    @Test func parametersAreNamedByLayer() {
        let names = makeCritic().parameters.map(\.name)
        #expect(names.first == "q.layers.0.linear.weight" && names.contains("q.layers.2.norm.bias")
                && names.last == "q.head.bias" && names.count == 3 * 4 + 2)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let critic = makeCritic()
        let rows = 4
        let observations = GradientCheck.random(rows, 3, seed: 32, -2, 2)
        let actions = GradientCheck.random(rows, 2, seed: 33, -1.5, 1.5)
        let weights = GradientCheck.random(rows, 1, seed: 34)
        let workspace = Critic.Workspace(for: critic, batchSize: rows)
        func loss() -> Double {
            GradientCheck.weightedSum(critic.forward(observations: observations, actions: actions, workspace: workspace),
                                      weights)
        }
        _ = loss()
        critic.backward(valueGradient: weights, workspace: workspace)
        let analytic = critic.parameters.map { $0.gradient.values }
        let actionGradient = Matrix(rows: rows, columns: 2)
        critic.actionGradient(valueGradient: weights, workspace: workspace, into: actionGradient, accumulate: false)
        for (parameter, gradient) in zip(critic.parameters, analytic) {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: gradient, loss: loss)
        }
        GradientCheck.expectMatches("dQ/da", variable: actions, analytic: actionGradient.values, loss: loss)
        // Accumulating adds to what is there.
        _ = loss()
        let doubled = actionGradient.copy()
        critic.actionGradient(valueGradient: weights, workspace: workspace, into: doubled, accumulate: true)
        for i in 0..<doubled.count { #expect(doubled.pointer[i] == 2 * actionGradient.pointer[i]) }
    }

    @Test func actionGradientLeavesLinearGradientsAlone() {
        let critic = makeCritic()
        let observations = GradientCheck.random(2, 3, seed: 35)
        let actions = GradientCheck.random(2, 2, seed: 36)
        let workspace = Critic.Workspace(for: critic, batchSize: 2)
        critic.forward(observations: observations, actions: actions, workspace: workspace)
        for parameter in critic.parameters { parameter.gradient.fill(7) }
        critic.actionGradient(valueGradient: Matrix(rows: 2, columns: 1, repeating: 1), workspace: workspace,
                              into: Matrix(rows: 2, columns: 2), accumulate: false)
        let linears = critic.network.linears.flatMap(\.parameters) + critic.network.head.parameters
        #expect(linears.allSatisfy { $0.gradient.values.allSatisfy { $0 == 7 } })
    }
}
