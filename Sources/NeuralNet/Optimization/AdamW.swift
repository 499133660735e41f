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
    /// The parameters each thread of a pair updates.
    private lazy var shares = ThreadPair.balancedShares(parameters.map(\.count))

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
    public func step() { step(gradientScale: 1, average: nil) }

    /// Applies one update from the current gradients multiplied by `gradientScale` (a
    /// global-norm clipping coefficient; the gradient buffers are left unscaled), then, when
    /// given, folds the new weights into `average` (whose parameters line up with these).
    ///
    /// One pass over memory instead of three (scale the gradients, update, average): each
    /// element of the gradient, weight, both moments and the average is loaded once. Every
    /// element gets exactly the result of `GradientClipping.clipGlobalNorm`, `step()` and
    /// `average.update(from:)` run one after the other: the same float operations in the
    /// same order (`g * 1` is exact).
    ///
    /// With `threads`, the two threads of the pair update about half of the parameters
    /// each (whole parameters, a fixed split): every element gets the same result.
    public func step(gradientScale: Float, average: ExponentialMovingAverage?, threads: ThreadPair? = nil) {
        precondition(average.map { $0.parameters.count == parameters.count } ?? true,
                     "the EMA and the optimizer have different parameter lists")
        stepCount += 1
        let t = Double(stepCount)
        // Bias corrections in Double as PyTorch computes them in Python floats.
        let stepSize = Float(learningRate / (1 - Foundation.pow(beta1, t)))
        let correction2Root = Float((1 - Foundation.pow(beta2, t)).squareRoot())
        let decay = Float(1 - learningRate * weightDecay)
        let averageDecay = average?.beginUpdate() ?? (keep: 0, take: 0)
        typealias Lanes = SIMD8<Float>
        let scale = Lanes(repeating: gradientScale)
        let oneMinusB1 = Lanes(repeating: Float(1 - beta1)), b2 = Lanes(repeating: Float(beta2))
        let oneMinusB2 = Lanes(repeating: Float(1 - beta2)), eps = Lanes(repeating: Float(epsilon))
        let size = Lanes(repeating: stepSize), root2 = Lanes(repeating: correction2Root)
        let decays = Lanes(repeating: decay)
        let keep = Lanes(repeating: averageDecay.keep), take = Lanes(repeating: averageDecay.take)
        // Eight lanes at a time with every constant pre-broadcast: a scalar `squareRoot()`
        // compiles to sqrtss plus a libm `sqrtf` call for negative inputs (errno), which
        // keeps the loop scalar. The vector square root and arithmetic are the same
        // correctly rounded operations in the same order, so every element gets exactly
        // the scalar result; the tail runs through the same code on zero-padded lanes.
        @inline(__always)
        func update(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                    _ v: UnsafeMutablePointer<Float>, _ a: UnsafeMutablePointer<Float>?) {
            let gi = UnsafeRawPointer(g).loadUnaligned(as: Lanes.self) * scale
            let m0 = UnsafeRawPointer(m).loadUnaligned(as: Lanes.self)
            let v0 = UnsafeRawPointer(v).loadUnaligned(as: Lanes.self)
            let mi = m0 + oneMinusB1 * (gi - m0)
            let vi = v0 * b2 + oneMinusB2 * gi * gi
            UnsafeMutableRawPointer(m).storeBytes(of: mi, as: Lanes.self)
            UnsafeMutableRawPointer(v).storeBytes(of: vi, as: Lanes.self)
            // Same operation order as PyTorch: decay, then p += (-step * m) / (sqrt(v)/c2 + eps).
            let denominator = vi.squareRoot() / root2 + eps
            let p0 = UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
            let pi = p0 * decays - size * mi / denominator
            UnsafeMutableRawPointer(p).storeBytes(of: pi, as: Lanes.self)
            if let a {
                let a0 = UnsafeRawPointer(a).loadUnaligned(as: Lanes.self)
                UnsafeMutableRawPointer(a).storeBytes(of: a0 * keep + pi * take, as: Lanes.self)
            }
        }
        func updateParameter(_ k: Int) {
            let parameter = parameters[k]
            let p = parameter.value.pointer, g = UnsafePointer(parameter.gradient.pointer)
            let m = firstMoments[k].pointer, v = secondMoments[k].pointer
            let a = average?.parameters[k].value.pointer
            let n = parameter.count
            precondition(average.map { $0.parameters[k].count == n } ?? true,
                         "EMA parameter '\(parameter.name)' differs in size")
            var i = 0
            if let a {
                while i + 8 <= n {
                    update(p + i, g + i, m + i, v + i, a + i)
                    i += 8
                }
            } else {
                while i + 8 <= n {
                    update(p + i, g + i, m + i, v + i, nil)
                    i += 8
                }
            }
            if i < n {
                var tail = (p: Lanes(), g: Lanes(), m: Lanes(), v: Lanes(), a: Lanes())
                let rest = n - i
                withUnsafeMutableBytes(of: &tail) { raw in
                    let lanes = raw.bindMemory(to: Float.self).baseAddress!
                    let (tp, tg, tm, tv, ta) = (lanes, lanes + 8, lanes + 16, lanes + 24, lanes + 32)
                    tp.update(from: p + i, count: rest)
                    tg.update(from: g + i, count: rest)
                    tm.update(from: m + i, count: rest)
                    tv.update(from: v + i, count: rest)
                    if let a { ta.update(from: a + i, count: rest) }
                    update(tp, tg, tm, tv, a == nil ? nil : ta)
                    (p + i).update(from: tp, count: rest)
                    (m + i).update(from: tm, count: rest)
                    (v + i).update(from: tv, count: rest)
                    if let a { (a + i).update(from: ta, count: rest) }
                }
            }
        }
        if let threads {
            let shares = self.shares
            threads.run { half in
                for k in shares[half] { updateParameter(k) }
            }
        } else {
            for k in parameters.indices { updateParameter(k) }
        }
        average?.endUpdate()
    }
}
