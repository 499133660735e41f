import Testing
@testable import NeuralNet

@Suite struct LayerNormTests {
    @Test func normalisesEachRow() {
        let norm = LayerNorm(features: 4, name: "ln")
        #expect(norm.weight.value.values == [1, 1, 1, 1] && norm.bias.value.values == [0, 0, 0, 0])
        let x = Matrix(rows: 1, columns: 4, values: [1, 2, 3, 4])
        let y = Matrix(rows: 1, columns: 4), xhat = Matrix(rows: 1, columns: 4), rstd = Matrix(rows: 1, columns: 1)
        norm.forward(x, into: y, normalized: xhat, inverseStd: rstd)
        // mean 2.5, biased variance 1.25.
        let s = 1 / (1.25 + 1e-5).squareRoot()
        for (i, v) in y.values.enumerated() { #expect(abs(Double(v) - (Double(i) - 1.5) * s) < 1e-5) }
    }

    @Test func gradientsMatchFiniteDifferences() {
        var random = RandomSource(seed: 8)
        let norm = LayerNorm(features: 19, name: "ln")
        random.fillUniform(norm.weight.value, 0.5, 1.5)
        random.fillUniform(norm.bias.value, -0.5, 0.5)
        let x = GradientCheck.random(3, 19, seed: 9, -2, 2)
        let weights = GradientCheck.random(3, 19, seed: 10)
        let y = Matrix(rows: 3, columns: 19), xhat = Matrix(rows: 3, columns: 19), rstd = Matrix(rows: 3, columns: 1)
        let dx = Matrix(rows: 3, columns: 19)
        func loss() -> Double {
            norm.forward(x, into: y, normalized: xhat, inverseStd: rstd)
            return GradientCheck.weightedSum(y, weights)
        }
        _ = loss()
        norm.backward(outputGradient: weights, normalized: xhat, inverseStd: rstd, inputGradient: dx)
        GradientCheck.expectMatches("dx", variable: x, analytic: dx.values, samples: 57, loss: loss)
        GradientCheck.expectMatches("dgamma", variable: norm.weight.value, analytic: norm.weight.gradient.values, loss: loss)
        GradientCheck.expectMatches("dbeta", variable: norm.bias.value, analytic: norm.bias.gradient.values, loss: loss)
    }
}
