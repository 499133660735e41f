import Testing
@testable import NeuralNet

@Suite struct MLPTests {
    @Test func namesFollowSequentialIndices() {
        var random = RandomSource(seed: 12)
        let mlp = MLP(sizes: [3, 5, 4, 2], activation: .relu, name: "net", random: &random)
        #expect(mlp.parameters.map(\.name) == ["net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias",
                                               "net.4.weight", "net.4.bias"])
    }

    @Test(arguments: [Activation.mish, .silu, .tanh])
    func gradientsMatchFiniteDifferences(_ activation: Activation) {
        var random = RandomSource(seed: 13)
        let mlp = MLP(sizes: [4, 6, 5, 3], activation: activation, name: "net", random: &random)
        let workspace = MLP.Workspace(for: mlp, batchSize: 2)
        let x = GradientCheck.random(2, 4, seed: 14)
        let weights = GradientCheck.random(2, 3, seed: 15)
        let dx = Matrix(rows: 2, columns: 4)
        func loss() -> Double { GradientCheck.weightedSum(mlp.forward(x, workspace: workspace), weights) }
        _ = loss()
        mlp.backward(input: x, outputGradient: weights, workspace: workspace, inputGradient: dx)
        for parameter in mlp.parameters {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: parameter.gradient.values, loss: loss)
        }
        GradientCheck.expectMatches("dx", variable: x, analytic: dx.values, loss: loss)
    }
}
