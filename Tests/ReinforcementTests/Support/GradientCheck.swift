import Testing
import NeuralNet

/// Central-difference gradient checks against the backward passes (the scalar under
/// test is accumulated in Double; Float forward passes with eps = 1e-3 leave errors of
/// about 1e-4, far below what a wrong or missing term produces).
enum GradientCheck {
    /// `sum(a * b)` in Double.
    static func weightedSum(_ a: Matrix, _ b: Matrix) -> Double {
        var total: Double = 0
        for i in 0..<a.count { total += Double(a.pointer[i]) * Double(b.pointer[i]) }
        return total
    }

    /// Compares `analytic` (a snapshot of dL/d variable) with central differences of
    /// `loss` on up to `samples` elements of `variable`, restoring each element after.
    static func expectMatches(
        _ label: String, variable: Matrix, analytic: [Float], samples: Int = 12,
        epsilon: Float = 1e-3, relativeTolerance: Double = 2e-2, absoluteTolerance: Double = 2e-3,
        sourceLocation: SourceLocation = #_sourceLocation, loss: () -> Double
    ) {
        precondition(analytic.count == variable.count)
        let stride = max(1, variable.count / samples)
        var index = (variable.count / 3) % stride
        while index < variable.count {
            let original = variable.pointer[index]
            variable.pointer[index] = original + epsilon
            let plus = loss()
            variable.pointer[index] = original - epsilon
            let minus = loss()
            variable.pointer[index] = original
            let numeric = (plus - minus) / (2 * Double(epsilon))
            let error = abs(numeric - Double(analytic[index]))
            #expect(error <= absoluteTolerance + relativeTolerance * abs(numeric),
                    "\(label)[\(index)]: analytic \(analytic[index]) vs numeric \(numeric)",
                    sourceLocation: sourceLocation)
            index += stride
        }
    }

    /// A matrix of deterministic values uniform in [low, high).
    static func random(_ rows: Int, _ columns: Int, seed: UInt64, _ low: Float = -1, _ high: Float = 1) -> Matrix {
        var random = RandomSource(seed: seed)
        let m = Matrix(rows: rows, columns: columns)
        random.fillUniform(m, low, high)
        return m
    }
}
