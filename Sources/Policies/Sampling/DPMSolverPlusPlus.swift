import Foundation
import NeuralNet

/// DPM-Solver++ (2M), Lu et al. 2022, "DPM-Solver++: Fast Solver for Guided Sampling of
/// Diffusion Probabilistic Models", Algorithm 2, on discrete steps.
///
/// With `alpha = sqrt(ab_k)`, `sigma = sqrt(1 - ab_k)`, `lambda = log(alpha / sigma)` and
/// `h = lambda_next - lambda_k`, a step from `k` to `next` is
/// `x' = (sigma' / sigma) x - alpha' (e^-h - 1) D`, where `D` is the clipped data
/// prediction `x0` (first order: DDIM) or, from the second step on, the extrapolation
/// `(1 + 1 / 2r) x0 - (1 / 2r) x0_prev` with `r = h_prev / h`. The last step (to the clean
/// end, `lambda = inf`) is first order, as diffusers' `lower_order_final`: it returns `x0`.
struct DPMSolverPlusPlus {
    /// The previous step's data prediction and its `h` (nil before the first step).
    private var previous: [Float]
    private var previousH: Double?
    private var current: [Float]

    init(count: Int) {
        previous = [Float](repeating: 0, count: count)
        current = [Float](repeating: 0, count: count)
    }

    /// One update of `x` in place from step `k` to `next` (-1: the clean end), from the
    /// network's epsilon prediction `eps`.
    mutating func step(x: Matrix, prediction eps: Matrix, k: Int, next: Int, schedule: NoiseSchedule) {
        let ab = schedule.alphaBar(k), abNext = schedule.alphaBar(next)
        let alpha = ab.squareRoot(), sigma = (1 - ab).squareRoot()
        let p = x.pointer, e = eps.pointer
        let sa = Float(alpha), ss = Float(sigma)
        for i in 0..<x.count { current[i] = min(max((p[i] - ss * e[i]) / sa, -1), 1) }
        if next < 0 {
            for i in 0..<x.count { p[i] = current[i] }
            previousH = nil
            return
        }
        let alphaNext = abNext.squareRoot(), sigmaNext = (1 - abNext).squareRoot()
        let h = log(alphaNext / sigmaNext) - log(alpha / sigma)
        let ratio = Float(sigmaNext / sigma), gain = Float(-alphaNext * expm1(-h))
        if let previousH {
            let r = previousH / h
            let c0 = Float(1 + 1 / (2 * r)), c1 = Float(1 / (2 * r))
            for i in 0..<x.count { p[i] = ratio * p[i] + gain * (c0 * current[i] - c1 * previous[i]) }
        } else {
            for i in 0..<x.count { p[i] = ratio * p[i] + gain * current[i] }
        }
        swap(&previous, &current)
        previousH = h
    }
}
