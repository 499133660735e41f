/// Layer normalisation over the feature axis (PyTorch `nn.LayerNorm(features)`):
/// `y = (x - mean) / sqrt(var + eps) * weight + bias`, with the biased variance.
///
/// Shapes: input/output `batch x features`; `weight` and `bias` are `1 x features`
/// (files: `[features]`), initialised to ones and zeros. The forward pass saves the
/// normalised input `xhat` (`batch x features`) and `1/sqrt(var + eps)` (`batch x 1`)
/// for the backward pass.
public struct LayerNorm {
    public let features: Int
    public let epsilon: Float
    public let weight: Parameter
    public let bias: Parameter

    /// Parameters `name.weight` (ones) and `name.bias` (zeros).
    public init(features: Int, name: String, epsilon: Float = 1e-5) {
        self.features = features
        self.epsilon = epsilon
        weight = Parameter(name: name + ".weight", shape: [features], rows: 1, columns: features)
        bias = Parameter(name: name + ".bias", shape: [features], rows: 1, columns: features)
        weight.value.fill(1)
    }

    public var parameters: [Parameter] { [weight, bias] }

    /// `output = LN(input)`; saves `normalized` and `inverseStd` for `backward`.
    /// `output` may not alias `normalized`; it may alias `input`.
    public func forward(_ input: Matrix, into output: Matrix, normalized: Matrix, inverseStd: Matrix) {
        precondition(input.columns == features && output.columns == features && normalized.columns == features
                     && inverseStd.rows == input.rows, "LayerNorm shapes do not match")
        let n = features
        let gamma = weight.value.pointer, beta = bias.value.pointer
        for r in 0..<input.rows {
            let x = input.row(r), xhat = normalized.row(r), y = output.row(r)
            let (mean, rstd) = statistics(x)
            inverseStd.pointer[r] = rstd
            for j in 0..<n {
                let v = (x[j] - mean) * rstd
                xhat[j] = v
                y[j] = v * gamma[j] + beta[j]
            }
        }
    }

    /// Given `outputGradient` (dL/dy), writes (or adds, with `accumulateInput`) dL/dx into
    /// `inputGradient` and writes (or adds) the weight and bias gradients.
    ///
    /// With `g = dy * weight`: `dx = rstd * (g - mean(g) - xhat * mean(g * xhat))`.
    /// `inputGradient` may alias `outputGradient`.
    public func backward(
        outputGradient: Matrix, normalized: Matrix, inverseStd: Matrix, inputGradient: Matrix,
        accumulateParameters: Bool = false, accumulateInput: Bool = false
    ) {
        let n = features
        let dGamma = weight.gradient.pointer, dBeta = bias.gradient.pointer
        if !accumulateParameters {
            dGamma.update(repeating: 0, count: n)
            dBeta.update(repeating: 0, count: n)
        }
        for r in 0..<outputGradient.rows {
            let dx = inputGradient.row(r)
            backwardRow(outputGradient: outputGradient.row(r), normalized: normalized.row(r),
                        inverseStd: inverseStd.pointer[r], inputGradient: dx,
                        adding: accumulateInput ? UnsafePointer(dx) : nil)
        }
    }

    /// The mean and `1 / sqrt(var + eps)` of one row of `features` values: two passes
    /// (mean, then centred squares) as PyTorch does on CPU, for accuracy.
    @inline(__always)
    func statistics(_ x: UnsafePointer<Float>) -> (mean: Float, inverseStd: Float) {
        let n = features
        let mean = VectorMath.sum(x, count: n) / Float(n)
        let squares = VectorMath.sumOfSquares(x, minus: mean, count: n)
        return (mean, 1 / (squares / Float(n) + epsilon).squareRoot())
    }

    /// `backward` for one row: adds its weight and bias gradients and writes
    /// `dx = rstd * (dy * weight - mean(g) - xhat * mean(g * xhat))`, plus `adding[j]` when
    /// given (a residual path's gradient, or `dx` itself to accumulate). `dx` may alias
    /// `dy` or `adding`.
    @inline(__always)
    func backwardRow(outputGradient dy: UnsafePointer<Float>, normalized xhat: UnsafePointer<Float>, inverseStd rstd: Float,
                     inputGradient dx: UnsafeMutablePointer<Float>, adding: UnsafePointer<Float>?) {
        let n = features
        let gamma = weight.value.pointer
        let dGamma = weight.gradient.pointer, dBeta = bias.gradient.pointer
        let sumG = VectorMath.dot(dy, gamma, count: n)
        let sumGX = VectorMath.dot(dy, gamma, xhat, count: n)
        for j in 0..<n {
            dGamma[j] += dy[j] * xhat[j]
            dBeta[j] += dy[j]
        }
        let meanG = sumG / Float(n), meanGX = sumGX / Float(n)
        if let adding {
            for j in 0..<n { dx[j] = adding[j] + rstd * (dy[j] * gamma[j] - meanG - xhat[j] * meanGX) }
        } else {
            for j in 0..<n { dx[j] = rstd * (dy[j] * gamma[j] - meanG - xhat[j] * meanGX) }
        }
    }
}
