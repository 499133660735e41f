import NeuralNet
import Testing
@testable import Policies

/// The composed sampler on one-dimensional Gaussian parents whose exact predictions are
/// known in closed form: a diffusion parent predicting epsilon for `N(muA, sA^2)` and a flow
/// parent predicting the velocity for `N(muB, sB^2)`, combined on DDIM's grid.
@Suite struct GaussianCompositionTests {
    static let (muA, sA) = (-0.3, 0.10)
    static let (muB, sB) = (0.25, 0.05)
    static let schedule = NoiseSchedule.cosine(steps: 100)
    static let sampler = Sampler.ddim(50)

    /// `E[eps | x_k]` for data `N(mu, s^2)` at `abar`: `x_k ~ N(sqrt(ab) mu, ab s^2 + 1 - ab)`.
    static func epsilon(_ x: Double, ab: Double, mu: Double, s: Double) -> Double {
        (1 - ab).squareRoot() * (x - ab.squareRoot() * mu) / (ab * s * s + 1 - ab)
    }

    /// `E[eps - x0 | x_t]` for data `N(mu, s^2)` on the flow path `x_t = (1 - t) x0 + t eps`.
    static func velocity(_ x: Double, t: Double, mu: Double, s: Double) -> Double {
        let variance = (1 - t) * (1 - t) * s * s + t * t, centred = x - (1 - t) * mu
        let x0 = mu + (1 - t) * s * s / variance * centred, eps = t / variance * centred
        return eps - x0
    }

    /// The composed denoiser with the closed-form parents, weight `w` on the diffusion one.
    static func denoiser(w: Double, batch: Int) -> ComposedDenoiser {
        let grid = SamplerMath.diffusionGrid(sampler, schedule: schedule)
        var flow = PolicyConfiguration()
        flow.family = .flow
        flow.prediction = .velocity
        let conversions = ComposedDenoiser.plan(flow, sampler: sampler, schedule: schedule).conversions
        let diffusion = ComposedDenoiser.Parent(weight: w, chunkSize: 1, batchSize: batch,
                                                conversions: Array(repeating: .native, count: grid.count)) { x, index in
            let out = Matrix(rows: x.rows, columns: 1), ab = schedule.alphaBar(grid[index])
            for i in 0..<x.count { out.pointer[i] = Float(epsilon(Double(x.pointer[i]), ab: ab, mu: muA, s: sA)) }
            return out
        }
        let flowParent = ComposedDenoiser.Parent(weight: 1 - w, chunkSize: 1, batchSize: batch, conversions: conversions) { x, index in
            // The flow time of equal signal-to-noise ratio, computed here independently.
            let ab = schedule.alphaBar(grid[index])
            let t = (1 - ab).squareRoot() / (ab.squareRoot() + (1 - ab).squareRoot())
            let out = Matrix(rows: x.rows, columns: 1)
            for i in 0..<x.count { out.pointer[i] = Float(velocity(Double(x.pointer[i]), t: t, mu: muB, s: sB)) }
            return out
        }
        let parents = [diffusion, flowParent].filter { $0.weight > 0 }
        return ComposedDenoiser(parents: parents, chunkSize: 1, batchSize: batch)
    }

    /// Mean and variance after DDIM with the combined prediction, propagated exactly: both
    /// parents' epsilons are affine in `x` at every step, so each step maps `N(m, v)` to
    /// `N(A m + B, A^2 v)`.
    static func transported(w: Double) -> (mean: Double, variance: Double) {
        let grid = SamplerMath.diffusionGrid(sampler, schedule: schedule)
        var (m, v) = (0.0, 1.0)
        for (index, k) in grid.enumerated() {
            let ab = schedule.alphaBar(k), next = schedule.alphaBar(index + 1 < grid.count ? grid[index + 1] : -1)
            let c = 1 / (ab.squareRoot() + (1 - ab).squareRoot()), t = (1 - ab).squareRoot() * c
            func eps(_ x: Double) -> Double {
                w * epsilon(x, ab: ab, mu: muA, s: sA) + (1 - w) * (c * x + (1 - t) * velocity(c * x, t: t, mu: muB, s: sB))
            }
            func step(_ x: Double) -> Double {
                let e = eps(x), x0 = (x - (1 - ab).squareRoot() * e) / ab.squareRoot()
                return next.squareRoot() * x0 + (1 - next).squareRoot() * e
            }
            let b = step(0), a = step(1) - b
            (m, v) = (a * m + b, a * a * v)
        }
        return (m, v)
    }

    /// The sampler's draws match the transported Gaussian (mean to 4 standard errors,
    /// standard deviation to 3 %), and the parents alone land on their own data: the flow
    /// parent, met at matched noise levels on the diffusion grid, included.
    @Test(arguments: [0.0, 0.3, 0.7, 1.0])
    func composedSamplerTransportsNoiseToTheCombinedGaussian(w: Double) {
        let batch = 20_000
        let denoiser = Self.denoiser(w: w, batch: batch)
        let x = Matrix(rows: batch, columns: 1)
        var noise = RandomSource(seed: 3)
        for i in 0..<batch { x.pointer[i] = Float(noise.gaussian()) }
        var unused = RandomSource(seed: 0)
        SamplerMath.sample(Self.sampler, x: x, schedule: Self.schedule, generator: &unused) { denoiser.predict($0, index: $1) }
        let values = (0..<batch).map { Double(x.pointer[$0]) }
        let mean = values.reduce(0, +) / Double(batch)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(batch - 1)).squareRoot()
        let expected = Self.transported(w: w)
        let expectedStd = expected.variance.squareRoot()
        #expect(abs(mean - expected.mean) < 4 * expectedStd / Double(batch).squareRoot(), "mean \(mean) against \(expected.mean)")
        #expect(abs(std / expectedStd - 1) < 0.03, "std \(std) against \(expectedStd)")
        if w > 0, w < 1 { #expect(expected.mean > Self.muA && expected.mean < Self.muB) }
    }

    /// The flow parent alone, met on DDIM's grid through the matched-noise conversion, is
    /// exactly the flow parent's own Euler integration on the times of equal
    /// signal-to-noise ratio (DDIM is Euler in flow coordinates).
    @Test func theFlowParentOnTheDiffusionGridIsEulerOnMatchedTimes() {
        let grid = SamplerMath.diffusionGrid(Self.sampler, schedule: Self.schedule)
        var times: [Double] = grid.map { k in
            let ab = Self.schedule.alphaBar(k)
            return (1 - ab).squareRoot() / (ab.squareRoot() + (1 - ab).squareRoot())
        }
        times.append(0)
        // DDIM starts from N(0, 1) at its first step; the flow state there is that scaled by c.
        let ab0 = Self.schedule.alphaBar(grid[0])
        let c0 = 1 / (ab0.squareRoot() + (1 - ab0).squareRoot())
        var (m, v) = (0.0, c0 * c0)
        for i in 0..<grid.count {
            let t = times[i], next = times[i + 1]
            func step(_ x: Double) -> Double { x - (t - next) * Self.velocity(x, t: t, mu: Self.muB, s: Self.sB) }
            let b = step(0), a = step(1) - b
            (m, v) = (a * m + b, a * a * v)
        }
        let composed = Self.transported(w: 0)
        #expect(abs(m - composed.mean) < 1e-9)
        #expect(abs(v / composed.variance - 1) < 1e-9)
    }
}
