import Foundation
import Testing
@testable import NeuralNet

@Suite struct SinusoidalTimeEmbeddingTests {
    @Test func matchesTheFormula() {
        let embedding = SinusoidalTimeEmbedding(dimension: 64)
        #expect(embedding.frequencies.first == 1)
        #expect(abs(Double(embedding.frequencies[31]) - 1e-4) < 1e-9)
        let out = Matrix(rows: 2, columns: 64)
        embedding.forward([0, 37], into: out)
        #expect(out[0, 0] == 0 && out[0, 32] == 1)
        let f5 = Foundation.exp(-Foundation.log(10_000.0) * 5 / 31)
        #expect(abs(Double(out[1, 5]) - Foundation.sin(37 * f5)) < 1e-5)
        #expect(abs(Double(out[1, 37]) - Foundation.cos(37 * f5)) < 1e-5)
    }

    @Test func timeGradientMatchesFiniteDifferences() {
        let embedding = SinusoidalTimeEmbedding(dimension: 8)
        let weights = GradientCheck.random(2, 8, seed: 11)
        let out = Matrix(rows: 2, columns: 8)
        let times: [Float] = [0.3, 2.5]
        let analytic = embedding.backward(times, outputGradient: weights)
        for r in 0..<2 {
            var values: [Double] = []
            for delta: Float in [1e-3, -1e-3] {
                var t = times
                t[r] += delta
                embedding.forward(t, into: out)
                values.append(GradientCheck.weightedSum(out, weights))
            }
            #expect(abs((values[0] - values[1]) / 2e-3 - Double(analytic[r])) < 1e-2)
        }
    }
}
