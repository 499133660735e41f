import Testing
@testable import NeuralNet

@Suite struct GradientClippingTests {
    @Test func clipsToTheGlobalNorm() {
        let a = Parameter(name: "a", shape: [2], rows: 1, columns: 2)
        let b = Parameter(name: "b", shape: [1], rows: 1, columns: 1)
        a.gradient.assign([3, 4]); b.gradient.assign([12])
        // Norm sqrt(9 + 16 + 144) = 13; under a limit of 20 nothing changes.
        #expect(GradientClipping.clipGlobalNorm([a, b], maxNorm: 20) == 13)
        #expect(a.gradient.values == [3, 4])
        // Limit 6.5: every gradient is scaled by 6.5 / (13 + 1e-6).
        #expect(GradientClipping.clipGlobalNorm([a, b], maxNorm: 6.5) == 13)
        #expect(abs(a.gradient[0, 0] - 1.5) < 1e-6 && abs(a.gradient[0, 1] - 2) < 1e-6 && abs(b.gradient[0, 0] - 6) < 1e-6)
    }
}
