/// Global-norm gradient clipping (PyTorch `clip_grad_norm_` with the 2-norm).
public enum GradientClipping {
    /// Scales every gradient by `min(1, maxNorm / (norm + 1e-6))`, where `norm` is the 2-norm
    /// of all gradients taken together, and returns that pre-clipping norm.
    @discardableResult
    public static func clipGlobalNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
        let (norm, coefficient) = clippingCoefficient(parameters, maxNorm: maxNorm)
        if coefficient < 1 {
            for parameter in parameters { parameter.gradient.scale(by: coefficient) }
        }
        return norm
    }

    /// The 2-norm of all gradients together and the factor `clipGlobalNorm` would scale them
    /// by (1 when it would leave them), without scaling: for
    /// `AdamW.step(gradientScale:average:)`, which applies it on the fly.
    public static func clippingCoefficient(_ parameters: [Parameter], maxNorm: Float) -> (norm: Float, coefficient: Float) {
        clippingCoefficient(squares: parameters.map { $0.gradient.sumOfSquares() }, maxNorm: maxNorm)
    }

    /// The same, from each gradient's `sumOfSquares()` (in parameter order), for callers
    /// that have them already.
    public static func clippingCoefficient(squares: some Sequence<Double>, maxNorm: Float) -> (norm: Float, coefficient: Float) {
        var total: Double = 0
        for square in squares { total += square }
        let norm = Float(total.squareRoot())
        let coefficient = maxNorm / (norm + 1e-6)
        return (norm, coefficient < 1 ? coefficient : 1)
    }
}
