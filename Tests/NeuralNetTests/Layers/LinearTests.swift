import Testing
@testable import NeuralNet

@Suite struct LinearTests {
    @Test func initialisationMatchesPyTorchBounds() {
        var random = RandomSource(seed: 3)
        let layer = Linear(inputs: 16, outputs: 32, name: "fc", random: &random)
        #expect(layer.weight.name == "fc.weight" && layer.weight.shape == [32, 16])
        #expect(layer.bias.name == "fc.bias" && layer.bias.shape == [32])
        let values = layer.weight.value.values + layer.bias.value.values
        #expect(values.allSatisfy { abs($0) <= 0.25 })
        #expect(values.contains { abs($0) > 0.2 })
    }

    @Test func forwardComputesXWTransposePlusB() {
        var random = RandomSource(seed: 4)
        let layer = Linear(inputs: 3, outputs: 2, name: "fc", random: &random)
        layer.weight.value.assign([1, 2, 3, 4, 5, 6])
        layer.bias.value.assign([0.5, -1])
        let x = Matrix(rows: 2, columns: 3, values: [1, 0, -1, 2, 1, 0])
        let y = Matrix(rows: 2, columns: 2)
        layer.forward(x, into: y)
        #expect(y.values == [-1.5, -3, 4.5, 12])
        let y1 = Matrix(rows: 1, columns: 2)
        layer.forward(Matrix(rows: 1, columns: 3, values: [1, 0, -1]), into: y1)
        #expect(y1.values == [-1.5, -3])
    }

    @Test(arguments: [1, 5])
    func gradientsMatchFiniteDifferences(batch: Int) {
        var random = RandomSource(seed: 5)
        let layer = Linear(inputs: 7, outputs: 6, name: "fc", random: &random)
        let x = GradientCheck.random(batch, 7, seed: 6)
        let weights = GradientCheck.random(batch, 6, seed: 7)
        let y = Matrix(rows: batch, columns: 6), dx = Matrix(rows: batch, columns: 7)
        func loss() -> Double {
            layer.forward(x, into: y)
            return GradientCheck.weightedSum(y, weights)
        }
        _ = loss()
        layer.backward(input: x, outputGradient: weights, inputGradient: dx)
        GradientCheck.expectMatches("dW", variable: layer.weight.value, analytic: layer.weight.gradient.values, loss: loss)
        GradientCheck.expectMatches("db", variable: layer.bias.value, analytic: layer.bias.gradient.values, loss: loss)
        GradientCheck.expectMatches("dx", variable: x, analytic: dx.values, loss: loss)
        // Accumulation adds a second copy.
        let once = layer.weight.gradient.values
        layer.backward(input: x, outputGradient: weights, inputGradient: dx, accumulateParameters: true)
        #expect(zip(layer.weight.gradient.values, once).allSatisfy { abs($0 - 2 * $1) < 1e-5 })
    }
}
