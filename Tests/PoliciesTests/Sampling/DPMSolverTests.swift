import NeuralNet
import Testing
@testable import Policies

/// DPM-Solver++ (2M) against the exact probability-flow ODE on one-dimensional Gaussian
/// data `x0 ~ N(mu, s^2)`: the ODE keeps `z = (x_k - a_k mu) / sqrt(a_k^2 s^2 + b_k^2)`
/// constant, so noise at the first grid step maps to `x_0 = a_0 mu + sqrt(a_0^2 s^2 + b_0^2) z`
/// at step 0, whose final update returns the optimal denoiser's `E[x0 | x_0]`.
@Suite struct DPMSolverTests {
    let mu = 0.3, s = 0.2
    let schedule = NoiseSchedule.cosine(steps: 100)

    func coefficients(_ k: Int) -> (a: Double, b: Double) {
        let ab = schedule.alphaBars[k]
        return (ab.squareRoot(), (1 - ab).squareRoot())
    }

    /// The optimal epsilon prediction at step `k`.
    func epsilon(_ x: Double, _ k: Int) -> Double {
        let (a, b) = coefficients(k)
        return b / (a * a * s * s + b * b) * (x - a * mu)
    }

    /// The exact end of the sampler's ODE from `x` at the grid's first step.
    func exact(_ x: Double, from k: Int) -> Double {
        let (a, b) = coefficients(k), (a0, b0) = coefficients(0)
        let z = (x - a * mu) / (a * a * s * s + b * b).squareRoot()
        let x0 = a0 * mu + (a0 * a0 * s * s + b0 * b0).squareRoot() * z
        return mu + a0 * s * s / (a0 * a0 * s * s + b0 * b0) * (x0 - a0 * mu)
    }

    /// The largest error of `sampler` over starting points in [-2, 2], run from grid index
    /// `from` (the top of the grid by default) to the end.
    func maximumError(_ sampler: Sampler, from first: Int = 0) -> Double {
        let starts = stride(from: -2.0, through: 2.0, by: 0.25).map { $0 }
        let x = Matrix(rows: starts.count, columns: 1)
        x.assign(starts.map(Float.init))
        let grid = SamplerMath.diffusionGrid(sampler, schedule: schedule)
        let eps = Matrix(rows: starts.count, columns: 1)
        var unused = RandomSource(seed: 0)
        SamplerMath.sample(sampler, x: x, schedule: schedule, range: first..<grid.count, generator: &unused) { x, index in
            for i in 0..<x.count { eps.pointer[i] = Float(epsilon(Double(x.pointer[i]), grid[index])) }
            return eps
        }
        return zip(x.values, starts).map { abs(Double($0) - exact($1, from: grid[first])) }.max()!
    }

    /// From step 60 (away from the capped top of the cosine schedule, whose first
    /// log-SNR step is 3.4 wide at 100 steps) the solver converges to the closed form:
    /// measured errors 1.2e-2 (50 steps on DDIM's grid, from index 20) and 3.3e-3 (100
    /// steps, from index 40); float32 costs about 1e-6. Tolerances: the measured error
    /// plus a quarter.
    @Test(arguments: [(50, 1.55e-2), (100, 4.1e-3)])
    func matchesTheClosedForm(steps: Int, tolerance: Double) {
        let error = maximumError(.dpmSolver(steps), from: steps * 2 / 5)
        #expect(error < tolerance, "DPM-Solver++ \(steps) steps: error \(error)")
    }

    /// Second order pays: at equal steps its error is at most half DDIM's (first order),
    /// from the middle of the schedule and over the whole grid (measured at 10 steps: 0.045
    /// against 0.10).
    @Test(arguments: [10, 50, 100])
    func beatsDDIMAtEqualSteps(steps: Int) {
        let middle = steps * 2 / 5
        let solver = maximumError(.dpmSolver(steps), from: middle), ddim = maximumError(.ddim(steps), from: middle)
        #expect(solver < ddim / 2, "from the middle: DPM-Solver++ \(solver), DDIM \(ddim)")
        let fullSolver = maximumError(.dpmSolver(steps)), fullDDIM = maximumError(.ddim(steps))
        #expect(fullSolver < fullDDIM / 2, "whole grid: DPM-Solver++ \(fullSolver), DDIM \(fullDDIM)")
    }

    /// The first step has no history: it is a DDIM step (both use the data prediction).
    @Test func firstStepIsDDIM() {
        let values: [Float] = [0.7, -0.6, 0.1]
        let a = Matrix(rows: 3, columns: 1, values: values), b = Matrix(rows: 3, columns: 1, values: values)
        let eps = Matrix(rows: 3, columns: 1, values: [0.3, -0.5, 0.2])
        var solver = DPMSolverPlusPlus(count: 3)
        solver.step(x: a, prediction: eps, k: 60, next: 30, schedule: schedule)
        SamplerMath.ddimStep(x: b, prediction: eps, k: 60, next: 30, schedule: schedule)
        for (p, q) in zip(a.values, b.values) { #expect(abs(p - q) < 1e-6) }
    }
}
