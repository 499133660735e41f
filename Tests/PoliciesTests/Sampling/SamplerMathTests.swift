import NeuralNet
import Testing
@testable import Policies

/// Samplers against closed forms. For one-dimensional Gaussian data `x0 ~ N(mu, s^2)` the
/// exact epsilon and velocity predictions are linear in `x`, so every sampler maps the
/// initial `N(0, 1)` noise through affine steps (plus Gaussian noise for DDPM): the law of
/// the result is Gaussian with a mean and variance worked out here step by step, apart
/// from the sampler code. With many steps it approaches the data itself.
@Suite struct SamplerMathTests {
    let mu = 0.3, s = 0.2
    let schedule = NoiseSchedule.cosine(steps: 100)

    func noise(_ count: Int, seed: UInt64) -> Matrix {
        var g = RandomSource(seed: seed)
        let m = Matrix(rows: count, columns: 1)
        g.fillGaussian(m)
        return m
    }

    func moments(_ m: Matrix) -> (mean: Double, std: Double) {
        let v = m.values.map(Double.init)
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
        return (mean, variance.squareRoot())
    }

    /// Exact epsilon prediction at step k: `b / (a^2 s^2 + b^2) (x - a mu)`.
    func epsilon(_ x: Double, _ k: Int) -> Double {
        let ab = schedule.alphaBars[k], a = ab.squareRoot(), b = (1 - ab).squareRoot()
        return b / (a * a * s * s + b * b) * (x - a * mu)
    }

    /// A `sample` network's exact output, the posterior mean of `x0`, turned into the
    /// sampler's quantity must equal the exact epsilon (diffusion) and velocity (flow).
    @Test(arguments: [Sampler.ddim(10), .ddim(3), .ddpm, .euler(10)])
    func samplePredictionConvertsToTheExactNativeTarget(sampler: Sampler) {
        let xs: [Float] = [-1.5, -0.2, 0.4, 1.1]
        let x = Matrix(rows: xs.count, columns: 1)
        x.assign(xs)
        let count = sampler.functionEvaluations(schedule: schedule)
        let conversion = SamplerMath.sampleConversion(sampler, schedule: schedule)
        #expect(conversion.count == count)
        for index in [0, count / 2, count - 1] {
            let output = Matrix(rows: xs.count, columns: 1)
            var expected: [Double] = []
            for (i, xi) in xs.map(Double.init).enumerated() {
                let posteriorMean: Double
                if sampler.method == .euler {
                    let t = 1 - Double(index) / Double(sampler.steps), a = 1 - t
                    posteriorMean = mu + a * s * s / (a * a * s * s + t * t) * (xi - a * mu)
                    // Exact velocity E[eps - x0 | x_t] = (x_t - E[x0 | x_t]) / t.
                    let eps = (xi - a * posteriorMean) / t
                    expected.append(eps - posteriorMean)
                } else {
                    let k = sampler.method == .ddpm ? 99 - index : schedule.ddimSteps(sampler.steps)[index]
                    let ab = schedule.alphaBars[k], a = ab.squareRoot(), b = (1 - ab).squareRoot()
                    posteriorMean = mu + a * s * s / (a * a * s * s + b * b) * (xi - a * mu)
                    expected.append(epsilon(xi, k))
                }
                output.pointer[i] = Float(posteriorMean)
            }
            SamplerMath.sampleToNative(output, x: x, conversion: conversion[index])
            for (got, want) in zip(output.values, expected) {
                #expect(abs(Double(got) - want) < 2e-4 * max(1, abs(want)), "\(sampler) step \(index): \(got) vs \(want)")
            }
        }
    }

    @Test func scheduleIsDiffusersCosine() {
        func abar(_ t: Double) -> Double { pow(cos((t + 0.008) / 1.008 * Double.pi / 2), 2) }
        #expect(schedule.betas.count == 100)
        #expect(abs(schedule.betas[0] - (1 - abar(0.01) / abar(0))) < 1e-15)
        #expect(abs(schedule.betas[0] - 0.000_632) < 1e-6)
        #expect(schedule.betas[99] == 0.999)  // the cap
        #expect(schedule.alphaBars[99] < 1e-4)
        #expect(schedule.ddimSteps(10) == [90, 80, 70, 60, 50, 40, 30, 20, 10, 0])
    }

    @Test(arguments: [2, 10, 100])
    func ddimFollowsItsClosedForm(steps: Int) {
        let x = noise(20_000, seed: 1)
        var g = RandomSource(seed: 2)
        let out = Matrix(rows: x.rows, columns: 1)
        let grid = schedule.ddimSteps(steps)
        SamplerMath.sample(.ddim(steps), x: x, schedule: schedule, generator: &g) { x, index in
            for i in 0..<x.count { out.pointer[i] = Float(epsilon(Double(x.pointer[i]), grid[index])) }
            return out
        }
        // x = m + c z, pushed through each (affine) DDIM step.
        var m = 0.0, c = 1.0
        for (index, k) in grid.enumerated() {
            let ab = schedule.alphaBars[k], a = ab.squareRoot(), b = (1 - ab).squareRoot()
            let next = index + 1 < grid.count ? schedule.alphaBars[grid[index + 1]] : 1
            let g = b / (a * a * s * s + b * b)  // eps = g (x - a mu)
            // x0 = (x - b eps) / a; x' = sqrt(next) x0 + sqrt(1 - next) eps
            let slope = next.squareRoot() * (1 - b * g) / a + (1 - next).squareRoot() * g
            let offset = next.squareRoot() * (b * g * a * mu) / a - (1 - next).squareRoot() * g * a * mu
            m = slope * m + offset
            c = slope * c
        }
        let (mean, std) = moments(x)
        #expect(abs(mean - m) < 0.005 && abs(std - abs(c)) < 0.005, "sampled \(mean) ± \(std), closed form \(m) ± \(c)")
        if steps == 100 { #expect(abs(m - mu) < 0.01 && abs(abs(c) - s) < 0.01) }
    }

    @Test(arguments: [1, 20, 200])
    func eulerFollowsItsClosedForm(steps: Int) {
        let x = noise(20_000, seed: 3)
        var g = RandomSource(seed: 4)
        let v = Matrix(rows: x.rows, columns: 1)
        func velocity(_ x: Double, _ t: Double) -> (slope: Double, offset: Double, value: Double) {
            let variance = (1 - t) * (1 - t) * s * s + t * t
            // v = E[eps | x] - E[x0 | x] = (t - (1 - t) s^2) / V (x - (1 - t) mu) - mu
            let slope = (t - (1 - t) * s * s) / variance
            return (slope, -slope * (1 - t) * mu - mu, slope * (x - (1 - t) * mu) - mu)
        }
        SamplerMath.sample(.euler(steps), x: x, schedule: schedule, generator: &g) { x, index in
            let t = SamplerMath.flowTime(index, steps: steps)
            for i in 0..<x.count { v.pointer[i] = Float(velocity(Double(x.pointer[i]), t).value) }
            return v
        }
        var m = 0.0, c = 1.0
        for index in 0..<steps {
            let t = SamplerMath.flowTime(index, steps: steps), h = 1 / Double(steps)
            let (slope, offset, _) = velocity(0, t)
            m = m - h * (slope * m + offset)
            c = c - h * slope * c
        }
        let (mean, std) = moments(x)
        #expect(abs(mean - m) < 0.005 && abs(std - abs(c)) < 0.005, "sampled \(mean) ± \(std), closed form \(m) ± \(c)")
        if steps == 200 { #expect(abs(m - mu) < 0.01 && abs(abs(c) - s) < 0.01) }
    }

    @Test func ddpmFollowsItsClosedForm() {
        let x = noise(40_000, seed: 5)
        var g = RandomSource(seed: 6)
        let eps = Matrix(rows: x.rows, columns: 1)
        SamplerMath.sample(.ddpm, x: x, schedule: schedule, generator: &g) { x, index in
            for i in 0..<x.count { eps.pointer[i] = Float(epsilon(Double(x.pointer[i]), 99 - index)) }
            return eps
        }
        // Mean and variance through x' = cx0 x0(x) + cxt x + sigma z.
        var m = 0.0, variance = 1.0
        for k in (0..<100).reversed() {
            let abT = schedule.alphaBar(k), abPrev = schedule.alphaBar(k - 1)
            let a = abT.squareRoot(), b = (1 - abT).squareRoot(), gain = b / (a * a * s * s + b * b)
            let alphaT = abT / abPrev, betaT = 1 - alphaT
            let cx0 = abPrev.squareRoot() * betaT / (1 - abT), cxt = alphaT.squareRoot() * (1 - abPrev) / (1 - abT)
            // x0 = (x - b g (x - a mu)) / a
            let slope = cx0 * (1 - b * gain) / a + cxt
            let offset = cx0 * b * gain * mu
            let sigma2 = k > 0 ? max((1 - abPrev) / (1 - abT) * betaT, 1e-20) : 0
            m = slope * m + offset
            variance = slope * slope * variance + sigma2
        }
        let (mean, std) = moments(x)
        #expect(abs(mean - m) < 0.005 && abs(std - variance.squareRoot()) < 0.005,
                "sampled \(mean) ± \(std), closed form \(m) ± \(variance.squareRoot())")
    }

    @Test func oneDDIMStepIsTheWrittenFormula() {
        let x = Matrix(rows: 1, columns: 2, values: [0.5, -3])
        let eps = Matrix(rows: 1, columns: 2, values: [0.2, 0.1])
        SamplerMath.ddimStep(x: x, prediction: eps, k: 50, next: 10, schedule: schedule)
        let ab = schedule.alphaBars[50], abNext = schedule.alphaBars[10]
        for (i, (xi, ei)) in [(0.5, 0.2), (-3.0, 0.1)].enumerated() {
            let x0 = min(max((xi - (1 - ab).squareRoot() * ei) / ab.squareRoot(), -1), 1)  // clipped for the second
            let expected = abNext.squareRoot() * x0 + (1 - abNext).squareRoot() * ei
            #expect(abs(Double(x.values[i]) - expected) < 1e-6)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
