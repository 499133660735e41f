import NeuralNet

/// How a policy turns initial noise into an action chunk.
public struct Sampler: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Ancestral DDPM over every training step (stochastic: draws posterior noise).
        case ddpm
        /// Deterministic DDIM (eta = 0) over `steps` evenly spaced steps.
        case ddim
        /// Euler integration of a flow policy's velocity from t = 1 to 0 in `steps` steps.
        case euler
    }

    public var method: Method
    /// Denoising steps (ignored by DDPM, which uses every training step).
    public var steps: Int

    public init(_ method: Method, steps: Int) {
        self.method = method
        self.steps = steps
    }

    public static let ddpm = Sampler(.ddpm, steps: 100)
    public static func ddim(_ steps: Int) -> Sampler { Sampler(.ddim, steps: steps) }
    public static func euler(_ steps: Int) -> Sampler { Sampler(.euler, steps: steps) }

    public var description: String { method == .ddpm ? "ddpm" : "\(method.rawValue)\(steps)" }

    /// Network evaluations per chunk.
    public func functionEvaluations(schedule: NoiseSchedule) -> Int {
        method == .ddpm ? schedule.stepCount : steps
    }
}

/// The sampler updates, on a batch of flattened chunks in normalised space.
///
/// Every sampler takes the initial noise as its input `x` (`batch x H*D`, overwritten by
/// the result) and a `predict(x, index)` that evaluates the network at the sampler's
/// `index`-th time (see `networkTimes`). Nothing draws noise behind the caller's back:
/// DDPM's posterior noise comes from the generator the caller passes.
public enum SamplerMath {
    /// The time values fed to the network, in evaluation order. Diffusion steps are the
    /// integer step `k`; flow times `t` in [0, 1] are fed as `t * T` so both families
    /// see the same embedding range.
    public static func networkTimes(_ sampler: Sampler, schedule: NoiseSchedule) -> [Float] {
        switch sampler.method {
        case .ddpm: return (0..<schedule.stepCount).reversed().map(Float.init)
        case .ddim: return schedule.ddimSteps(sampler.steps).map(Float.init)
        case .euler:
            return (0..<sampler.steps).map { i in Float(flowTime(i, steps: sampler.steps) * Double(schedule.stepCount)) }
        }
    }

    /// Flow time at Euler step `i` of `steps`: 1, 1 - 1/S, ..., 1/S.
    @inline(__always) public static func flowTime(_ i: Int, steps: Int) -> Double {
        1 - Double(i) / Double(steps)
    }

    /// How to turn a network's `x0` output into the quantity a sampler steps on, one
    /// `(a, b)` per sampler step: `native = (x - a x0) b`, i.e. epsilon with
    /// `a = sqrt(ab_k)`, `b = 1 / sqrt(1 - ab_k)` for DDPM/DDIM and velocity with `a = 1`,
    /// `b = 1 / t` for Euler. Compute once per sampler; apply with `sampleToNative`.
    public static func sampleConversion(_ sampler: Sampler, schedule: NoiseSchedule) -> [(a: Float, b: Float)] {
        switch sampler.method {
        case .ddpm, .ddim:
            let steps = sampler.method == .ddpm ? Array((0..<schedule.stepCount).reversed())
                : schedule.ddimSteps(sampler.steps)
            return steps.map { k in
                let ab = schedule.alphaBar(k)
                return (Float(ab.squareRoot()), Float(1 / (1 - ab).squareRoot()))
            }
        case .euler:
            return (0..<sampler.steps).map { (1, Float(1 / flowTime($0, steps: sampler.steps))) }
        }
    }

    /// `output = (x - a output) b` in place, with one step's `sampleConversion` entry.
    @inline(__always)
    public static func sampleToNative(_ output: Matrix, x: Matrix, conversion: (a: Float, b: Float)) {
        let p = output.pointer, q = x.pointer
        for i in 0..<output.count { p[i] = (q[i] - conversion.a * p[i]) * conversion.b }
    }

    /// Runs `sampler` on `x` in place.
    public static func sample(_ sampler: Sampler, x: Matrix, schedule: NoiseSchedule,
                              generator: inout RandomSource, predict: (Matrix, Int) -> Matrix) {
        switch sampler.method {
        case .ddpm:
            let steps = Array((0..<schedule.stepCount).reversed())
            for (index, k) in steps.enumerated() {
                ddpmStep(x: x, prediction: predict(x, index), k: k, schedule: schedule, generator: &generator)
            }
        case .ddim:
            let steps = schedule.ddimSteps(sampler.steps)
            for (index, k) in steps.enumerated() {
                let next = index + 1 < steps.count ? steps[index + 1] : -1
                ddimStep(x: x, prediction: predict(x, index), k: k, next: next, schedule: schedule)
            }
        case .euler:
            let h = Float(1.0 / Double(sampler.steps))
            for index in 0..<sampler.steps {
                let v = predict(x, index)
                let p = x.pointer, q = v.pointer
                for i in 0..<x.count { p[i] -= h * q[i] }
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
