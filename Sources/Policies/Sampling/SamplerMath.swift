import NeuralNet

/// The sampler updates, on a batch of flattened chunks in normalised space.
///
/// Every sampler takes the initial noise as its input `x` (`batch x H*D`, overwritten by
/// the result) and a `predict(x, index)` that evaluates the network at the sampler's
/// `index`-th time (see `networkTimes`). Nothing draws noise behind the caller's back:
/// DDPM's posterior noise comes from the generator the caller passes.
public enum SamplerMath {
    /// The diffusion steps `k` a diffusion-footing sampler visits, noisiest first (DDPM:
    /// every step; DDIM and DPM-Solver++: DDIM's grid; anchored: `steps` steps from its
    /// `start` down to 0). Empty for Euler.
    public static func diffusionGrid(_ sampler: Sampler, schedule: NoiseSchedule) -> [Int] {
        switch sampler.stepRule {
        case .ddpm: return Array((0..<schedule.stepCount).reversed())
        case .euler: return []
        default:
            guard sampler.method == .anchored else { return schedule.ddimSteps(sampler.steps) }
            let top = sampler.start ?? 0, count = sampler.steps
            guard count > 1 else { return [top] }
            return (0..<count).reversed().map { ($0 * top + (count - 1) / 2) / (count - 1) }
        }
    }

    /// Steps of a sample from noise.
    public static func stepCount(_ sampler: Sampler, schedule: NoiseSchedule) -> Int {
        sampler.stepRule == .euler ? sampler.steps : diffusionGrid(sampler, schedule: schedule).count
    }

    /// The time values fed to the network, in evaluation order. Diffusion steps are the
    /// integer step `k`; flow times `t` in [0, 1] are fed as `t * T` so both families
    /// see the same embedding range.
    public static func networkTimes(_ sampler: Sampler, schedule: NoiseSchedule) -> [Float] {
        guard sampler.stepRule == .euler else { return diffusionGrid(sampler, schedule: schedule).map(Float.init) }
        return (0..<sampler.steps).map { i in Float(flowTime(i, steps: sampler.steps) * Double(schedule.stepCount)) }
    }

    /// Flow time at Euler step `i` of `steps`: 1, 1 - 1/S, ..., 1/S.
    @inline(__always) public static func flowTime(_ i: Int, steps: Int) -> Double {
        1 - Double(i) / Double(steps)
    }

    /// How to turn a network's `x0` output into the quantity a sampler steps on, one
    /// `(a, b)` per sampler step: `native = (x - a x0) b`, i.e. epsilon with
    /// `a = sqrt(ab_k)`, `b = 1 / sqrt(1 - ab_k)` for diffusion and velocity with `a = 1`,
    /// `b = 1 / t` for Euler. Compute once per sampler; apply with `sampleToNative`.
    public static func sampleConversion(_ sampler: Sampler, schedule: NoiseSchedule) -> [(a: Float, b: Float)] {
        guard sampler.stepRule == .euler else {
            return diffusionGrid(sampler, schedule: schedule).map { k in
                let ab = schedule.alphaBar(k)
                return (Float(ab.squareRoot()), Float(1 / (1 - ab).squareRoot()))
            }
        }
        return (0..<sampler.steps).map { (1, Float(1 / flowTime($0, steps: sampler.steps))) }
    }

    /// `output = (x - a output) b` in place, with one step's `sampleConversion` entry.
    @inline(__always)
    public static func sampleToNative(_ output: Matrix, x: Matrix, conversion: (a: Float, b: Float)) {
        let p = output.pointer, q = x.pointer
        for i in 0..<output.count { p[i] = (q[i] - conversion.a * p[i]) * conversion.b }
    }

    /// Runs `sampler` on `x` in place: every step, or only the steps in `range` (indices
    /// into the sampler's grid; RTI runs the last few on a warm start). DDPM, DDIM and
    /// Euler steps have no memory, so running `0..<j` then `j..<n` is the full sample;
    /// DPM-Solver++ restarts its multistep history at the first step of `range`.
    public static func sample(_ sampler: Sampler, x: Matrix, schedule: NoiseSchedule, range: Range<Int>? = nil,
                              generator: inout RandomSource, predict: (Matrix, Int) -> Matrix) {
        let rule = sampler.stepRule
        if rule == .euler {
            let h = Float(1.0 / Double(sampler.steps))
            for index in range ?? 0..<sampler.steps {
                let v = predict(x, index)
                let p = x.pointer, q = v.pointer
                for i in 0..<x.count { p[i] -= h * q[i] }
            }
            return
        }
        let steps = diffusionGrid(sampler, schedule: schedule)
        let indices = range ?? 0..<steps.count
        if rule == .dpmsolver {
            var solver = DPMSolverPlusPlus(count: x.count)
            for index in indices {
                let next = index + 1 < steps.count ? steps[index + 1] : -1
                solver.step(x: x, prediction: predict(x, index), k: steps[index], next: next, schedule: schedule)
            }
            return
        }
        for index in indices {
            let k = steps[index]
            if rule == .ddpm {
                ddpmStep(x: x, prediction: predict(x, index), k: k, schedule: schedule, generator: &generator)
            } else {
                let next = index + 1 < steps.count ? steps[index + 1] : -1
                ddimStep(x: x, prediction: predict(x, index), k: k, next: next, schedule: schedule)
            }
        }
    }

    /// One DDPM update at step `k` with epsilon prediction, clipped `x0` and the
    /// "fixed small" posterior variance (diffusers' DDPMScheduler defaults in DP).
    public static func ddpmStep(x: Matrix, prediction eps: Matrix, k: Int, schedule: NoiseSchedule,
                                generator: inout RandomSource) {
        let abT = schedule.alphaBar(k), abPrev = schedule.alphaBar(k - 1)
        let betaProd = 1 - abT, betaProdPrev = 1 - abPrev
        let alphaT = abT / abPrev, betaT = 1 - alphaT
        let sqrtAbT = Float(abT.squareRoot()), sqrtBetaProd = Float(betaProd.squareRoot())
        let coefX0 = Float(abPrev.squareRoot() * betaT / betaProd)
        let coefXt = Float(alphaT.squareRoot() * betaProdPrev / betaProd)
        let sigma = Float(max(betaProdPrev / betaProd * betaT, 1e-20).squareRoot())
        let p = x.pointer, e = eps.pointer
        for i in 0..<x.count {
            let x0 = min(max((p[i] - sqrtBetaProd * e[i]) / sqrtAbT, -1), 1)
            var next = coefX0 * x0 + coefXt * p[i]
            if k > 0 { next += sigma * Float(generator.gaussian()) }
            p[i] = next
        }
    }

    /// One deterministic DDIM update from step `k` to step `next` (-1: the clean end).
    public static func ddimStep(x: Matrix, prediction eps: Matrix, k: Int, next: Int, schedule: NoiseSchedule) {
        let abT = schedule.alphaBar(k), abNext = schedule.alphaBar(next)
        let sqrtAbT = Float(abT.squareRoot()), sqrtOneMinusAbT = Float((1 - abT).squareRoot())
        let sqrtAbNext = Float(abNext.squareRoot()), sqrtOneMinusAbNext = Float((1 - abNext).squareRoot())
        let p = x.pointer, e = eps.pointer
        for i in 0..<x.count {
            let x0 = min(max((p[i] - sqrtOneMinusAbT * e[i]) / sqrtAbT, -1), 1)
            p[i] = sqrtAbNext * x0 + sqrtOneMinusAbNext * e[i]
        }
    }
}
