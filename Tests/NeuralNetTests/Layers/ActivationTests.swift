import Foundation
import Testing
@testable import NeuralNet

@Suite struct ActivationTests {
    /// Double-precision references.
    private func reference(_ activation: Activation, _ x: Double) -> Double {
        switch activation {
        case .identity: x
        case .relu: max(0, x)
        case .tanh: Foundation.tanh(x)
        case .silu: x / (1 + Foundation.exp(-x))
        case .mish: x * Foundation.tanh(Foundation.log1p(Foundation.exp(x)))
        }
    }

    @Test(arguments: Activation.allCases)
    func valuesAndDerivativesMatchDoubleReference(_ activation: Activation) {
        // 41 points (not a multiple of 16, so the tail path runs), avoiding relu's kink.
        let xs = (0..<41).map { Float($0) * 0.73 - 14.63 }
        let input = Matrix(rows: 1, columns: xs.count, values: xs)
        let output = Matrix(rows: 1, columns: xs.count), derivative = Matrix(rows: 1, columns: xs.count)
        activation.forward(input, into: output, derivative: derivative)
        for (i, x) in xs.enumerated() {
            let xd = Double(x)
            #expect(abs(Double(output[0, i]) - reference(activation, xd)) <= 1e-6 * max(1, abs(xd)), "\(activation)(\(x))")
            let h = 1e-5
            let numeric = (reference(activation, xd + h) - reference(activation, xd - h)) / (2 * h)
            #expect(abs(Double(derivative[0, i]) - numeric) <= 1e-5, "\(activation)'(\(x))")
        }
        // Backward multiplies by the saved derivative; extreme inputs stay finite.
        let gradient = Matrix(rows: 1, columns: xs.count)
        activation.backward(derivative: derivative, outputGradient: Matrix(rows: 1, columns: xs.count, repeating: 2),
                            into: gradient)
        #expect(gradient.values == derivative.values.map { 2 * $0 })
        let extreme = Matrix(rows: 1, columns: 3, values: [-1000, 0, 1000])
        activation.forward(extreme, into: extreme, derivative: Matrix(rows: 1, columns: 3))
        #expect(extreme.values.allSatisfy { $0.isFinite })
    }
}
