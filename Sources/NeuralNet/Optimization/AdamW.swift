import Foundation

/// AdamW (Loshchilov & Hutter) with PyTorch `torch.optim.AdamW` semantics
/// (`amsgrad=False`, `maximize=False`). At step t (counted from 1), for each parameter p
/// with gradient g:
///
///     p  <- p * (1 - lr * weight_decay)            decoupled decay, before the moments
///     m  <- m + (1 - b1) (g - m)                   (PyTorch's lerp form)
///     v  <- b2 v + (1 - b2) g^2
///     p  <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
///
/// The state (`step`, per-parameter `exp_avg` and `exp_avg_sq`) is exported and imported
/// as named tensors so a resumed run continues bit for bit.
public final class AdamW {
    public let parameters: [Parameter]
    /// Set before each `step()` (e.g. from a `LearningRateSchedule`).
    /// Hyperparameters are Doubles, like PyTorch's Python floats: derived scalars such as
    /// `1 - b1` and `1 - lr * wd` are formed in double and rounded once to float.
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    /// Number of `step()` calls so far.
    public internal(set) var stepCount: Int = 0
    let firstMoments: [Matrix]
    let secondMoments: [Matrix]

    /// PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
    public init(parameters: [Parameter], learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0.01) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
        secondMoments = parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
    }

    /// Applies one update from the current gradients.
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        // Bias corrections in Double as PyTorch computes them in Python floats.
        let stepSize = Float(learningRate / (1 - Foundation.pow(beta1, t)))
        let correction2Root = Float((1 - Foundation.pow(beta2, t)).squareRoot())
        let decay = Float(1 - learningRate * weightDecay)
        let oneMinusB1 = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
        let eps = Float(epsilon)
        for (k, parameter) in parameters.enumerated() {
            let p = parameter.value.pointer, g = parameter.gradient.pointer
            let m = firstMoments[k].pointer, v = secondMoments[k].pointer
            for i in 0..<parameter.count {
                let gi = g[i]
                let mi = m[i] + oneMinusB1 * (gi - m[i])
                let vi = v[i] * b2 + oneMinusB2 * gi * gi
                m[i] = mi
                v[i] = vi
                // Same operation order as PyTorch: decay, then p += (-step * m) / (sqrt(v)/c2 + eps).
                let denominator = vi.squareRoot() / correction2Root + eps
                p[i] = p[i] * decay - stepSize * mi / denominator
            }
        }
    }
}
