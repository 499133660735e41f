import NeuralNet
import Testing
@testable import Reinforcement

@Suite struct NormalizedMLPTests {
    private func makeNetwork() -> NormalizedMLP {
        var random = RandomSource(seed: 51)
        return NormalizedMLP(inputSize: 5, outputSize: 3, width: 12, hiddenLayers: 3, name: "net", random: &random)
    }

    @Test func forwardIsLinearLayerNormReLUThenAHead() {
        let network = makeNetwork()
        let x = GradientCheck.random(4, 5, seed: 52)
        let workspace = NormalizedMLP.Workspace(for: network, batchSize: 4)
        let output = network.forward(x, workspace: workspace)
        // The same composition from the NeuralNet layers directly.
        var h = x
        for i in 0..<3 {
            let z = Matrix(rows: 4, columns: 12), y = Matrix(rows: 4, columns: 12)
            network.linears[i].forward(h, into: z)
            network.norms[i].forward(z, into: y, normalized: Matrix(rows: 4, columns: 12), inverseStd: Matrix(rows: 4, columns: 1))
            Activation.relu.forward(y, into: y)
            h = y
        }
        let expected = Matrix(rows: 4, columns: 3)
        network.head.forward(h, into: expected)
        #expect(output.values == expected.values)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let network = makeNetwork()
        let x = GradientCheck.random(3, 5, seed: 53, -2, 2)
        let weights = GradientCheck.random(3, 3, seed: 54)
        let workspace = NormalizedMLP.Workspace(for: network, batchSize: 3)
        func loss() -> Double { GradientCheck.weightedSum(network.forward(x, workspace: workspace), weights) }
        _ = loss()
        let dx = Matrix(rows: 3, columns: 5)
        network.backward(input: x, outputGradient: weights, workspace: workspace, inputGradient: dx)
        let analytic = network.parameters.map { $0.gradient.values }
        for (parameter, gradient) in zip(network.parameters, analytic) {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: gradient, loss: loss)
        }
        GradientCheck.expectMatches("dx", variable: x, analytic: dx.values, loss: loss)
    }

    /// The two-thread pass runs the same products: the same gradients, bit for bit; and the
    /// input-only pass gives the same input gradient.
    @Test func concurrentAndInputOnlyPassesAgreeWithTheSerialOne() {
        let network = makeNetwork()
        let x = GradientCheck.random(6, 5, seed: 55)
        let g = GradientCheck.random(6, 3, seed: 56)
        let workspace = NormalizedMLP.Workspace(for: network, batchSize: 6)
        network.forward(x, workspace: workspace)
        let dx = Matrix(rows: 6, columns: 5)
        network.backward(input: x, outputGradient: g, workspace: workspace, inputGradient: dx)
        let serial = network.parameters.map { $0.gradient.values }
        for parameter in network.parameters { parameter.gradient.fill(0) }
        let concurrentDx = Matrix(rows: 6, columns: 5)
        network.backward(input: x, outputGradient: g, workspace: workspace, inputGradient: concurrentDx, threads: ThreadPair())
        #expect(network.parameters.map { $0.gradient.values } == serial)
        #expect(concurrentDx.values == dx.values)
        let inputOnly = Matrix(rows: 6, columns: 5)
        network.backward(input: x, outputGradient: g, workspace: workspace, parameterGradients: false, inputGradient: inputOnly)
        #expect(inputOnly.values == dx.values)
    }
}
