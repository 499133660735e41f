import Foundation
import NeuralNet

/// A minimal cosine-schedule (`squaredcos_cap_v2`, epsilon prediction, clipped x0) DDPM and
/// DDIM update loop, only so the `nn` benchmark can time whole chunks. The real samplers
/// come with the Policies module; this is not their implementation.
struct NNBenchSchedule {
    /// `alphaBar[k]`, k = 0 ..< steps.
    let alphaBar: [Float]
    let steps: Int

    init(steps: Int) {
        self.steps = steps
        func f(_ t: Double) -> Double { let v = Foundation.cos((t + 0.008) / 1.008 * Double.pi / 2); return v * v }
        var product = 1.0
        var bars: [Float] = []
        for i in 0..<steps {
            let beta = min(1 - f(Double(i + 1) / Double(steps)) / f(Double(i) / Double(steps)), 0.999)
            product *= 1 - beta
            bars.append(Float(product))
        }
        alphaBar = bars
    }

    /// Clipped x0 estimate from `x` and the predicted noise.
    @inline(__always)
    private func x0(_ x: Float, _ eps: Float, _ ab: Float) -> Float {
        min(1, max(-1, (x - (1 - ab).squareRoot() * eps) / ab.squareRoot()))
    }

    /// Full ancestral DDPM: `steps` network evaluations, posterior noise for k > 0.
    func ddpm(_ network: ConditionalResidualMLP, sample: Matrix, cache: ConditionalResidualMLP.TimestepCache,
              workspace: ConditionalResidualMLP.InferenceWorkspace, random: inout RandomSource) {
        let x = sample.pointer
        for k in stride(from: steps - 1, through: 0, by: -1) {
            let eps = network.evaluate(sample, cache: cache, index: k, workspace: workspace).pointer
            let ab = alphaBar[k], abPrev: Float = k > 0 ? alphaBar[k - 1] : 1
            let beta = 1 - ab / abPrev
            let c0 = abPrev.squareRoot() * beta / (1 - ab)
            let ck = (1 - beta).squareRoot() * (1 - abPrev) / (1 - ab)
            let sigma = k > 0 ? ((1 - abPrev) / (1 - ab) * beta).squareRoot() : 0
            for i in 0..<sample.count {
                let mean = c0 * x0(x[i], eps[i], ab) + ck * x[i]
                x[i] = k > 0 ? mean + sigma * Float(random.gaussian()) : mean
            }
        }
    }

    /// Deterministic DDIM (eta = 0) on `count` evenly spaced steps ("leading" spacing).
    func ddim(_ network: ConditionalResidualMLP, sample: Matrix, steps count: Int,
              cache: ConditionalResidualMLP.TimestepCache, workspace: ConditionalResidualMLP.InferenceWorkspace) {
        let x = sample.pointer
        let stride = steps / count
        for j in (0..<count).reversed() {
            let k = j * stride
            let eps = network.evaluate(sample, cache: cache, index: k, workspace: workspace).pointer
            let ab = alphaBar[k], abPrev: Float = k - stride >= 0 ? alphaBar[k - stride] : 1
            for i in 0..<sample.count {
                let clean = x0(x[i], eps[i], ab)
                x[i] = abPrev.squareRoot() * clean + (1 - abPrev).squareRoot() * eps[i]
            }
        }
    }
}
