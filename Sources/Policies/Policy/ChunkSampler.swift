import NeuralNet

/// Samples action chunks for a fixed batch size with one sampler: the timestep cache,
/// the observation projection and all buffers are built once, so a chunk allocates
/// nothing. Works in normalised space.
public final class ChunkSampler {
    /// The sampler with the family's defaults filled in (`Sampler.resolved(family:)`).
    public let sampler: Sampler
    public let batchSize: Int
    let network: ConditionalResidualMLP
    let schedule: NoiseSchedule
    let family: PolicyConfiguration.Family
    /// Per sampler step, the conversion of a `sample` output (empty for other predictions).
    let sampleConversion: [(a: Float, b: Float)]
    let cache: ConditionalResidualMLP.TimestepCache
    let workspace: ConditionalResidualMLP.InferenceWorkspace
    /// Steps of a sample from noise (the length of the sampler's grid).
    public let stepCount: Int
    /// Anchored: the anchors and the buffers of their `batch * K` rows (nil otherwise).
    let anchored: AnchoredRows?
    /// Composed: the parents combined at every step (nil otherwise; `network`, `cache`
    /// and `workspace` are then parent 1's and unused).
    let composed: ComposedDenoiser?

    public init(network: ConditionalResidualMLP, family: PolicyConfiguration.Family,
                prediction: PolicyConfiguration.Prediction, schedule: NoiseSchedule,
                sampler requested: Sampler, batchSize: Int, anchors: Matrix? = nil) throws(PolicyError) {
        let sampler = requested.resolved(family: family)
        try Self.check(sampler, family: family, schedule: schedule)
        precondition((family == .anchored) == (anchors != nil), "an anchored policy's sampler needs its anchors")
        self.sampler = sampler
        self.batchSize = batchSize
        self.network = network
        self.schedule = schedule
        self.family = family
        self.stepCount = SamplerMath.stepCount(sampler, schedule: schedule)
        self.sampleConversion = prediction == .sample ? SamplerMath.sampleConversion(sampler, schedule: schedule) : []
        self.cache = network.makeTimestepCache(times: SamplerMath.networkTimes(sampler, schedule: schedule))
        let rows = batchSize * (anchors?.rows ?? 1)
        self.workspace = network.makeInferenceWorkspace(batchSize: rows)
        self.anchored = anchors.map { AnchoredRows(anchors: $0, batchSize: batchSize, conditionSize: network.configuration.conditionDimension,
                                                   grid: SamplerMath.diffusionGrid(sampler, schedule: schedule)) }
        self.composed = nil
    }

    /// The sampler of a composed policy (`configuration` and `schedule` are the composed
    /// policy's: the footing's family and the diffusion parents' schedule).
    init(composition: Composition, configuration: PolicyConfiguration, schedule: NoiseSchedule,
         sampler requested: Sampler, batchSize: Int) throws(PolicyError) {
        let sampler = requested.resolved(family: configuration.family)
        // The footing's message first: it names the diffusion parent that rules Euler out.
        let composed = try ComposedDenoiser(composition, sampler: sampler, schedule: schedule, batchSize: batchSize)
        try Self.check(sampler, family: configuration.family, schedule: schedule)
        self.sampler = sampler
        self.batchSize = batchSize
        // Unused placeholders of the single-network path (one row, one time).
        self.network = composition.parents[0].network
        self.cache = network.makeTimestepCache(times: [0])
        self.workspace = network.makeInferenceWorkspace(batchSize: 1)
        self.schedule = schedule
        self.family = configuration.family
        self.stepCount = SamplerMath.stepCount(sampler, schedule: schedule)
        self.sampleConversion = []
        self.anchored = nil
        self.composed = composed
    }

    /// Network evaluations of a chunk sampled from noise (a composed policy: every
    /// parent with weight at every step).
    public var functionEvaluations: Int { stepCount * evaluationsPerStep }

    /// RTI's warm-start steps (nil for other samplers).
    public var warmStartSteps: Int? {
        sampler.method == .rti ? sampler.start ?? Sampler.defaultWarmStartSteps : nil
    }

    /// Turns the initial noise `x` (`batch x H*D`, overwritten) into chunks, conditioned on
    /// normalised observation histories `condition` (`batch x To*obs`). Deterministic
    /// given `x` for DDIM and Euler; DDPM draws its posterior noise from `generator`.
    public func sample(condition: Matrix, x: Matrix, generator: inout RandomSource) {
        setCondition(condition)
        run(x: x, generator: &generator)
    }

    /// Projects the observation histories once for the steps that follow: normalised
    /// (`batch x To*obs`), or for a composed policy raw, each parent normalising its own.
    public func setCondition(_ condition: Matrix) {
        precondition(condition.rows == batchSize, "batch size differs from the sampler's")
        if let composed { return composed.setCondition(raw: condition) }
        network.setCondition(condition, workspace: workspace)
    }

    /// Whether `setCondition` takes raw histories (a composed policy's parents normalise
    /// their own).
    public var takesRawCondition: Bool { composed != nil }

    /// Network evaluations per sampler step (a composed policy's parents with weight).
    public var evaluationsPerStep: Int { composed?.parents.count ?? 1 }

    /// Runs the sampler's steps in `range` (default all) on `x`, under the condition of the
    /// last `setCondition`.
    public func run(x: Matrix, range: Range<Int>? = nil, generator: inout RandomSource) {
        precondition(x.rows == batchSize, "batch size differs from the sampler's")
        SamplerMath.sample(sampler, x: x, schedule: schedule, range: range, generator: &generator) { x, index in
            if let composed { return composed.predict(x, index: index) }
            let output = network.evaluate(x, cache: cache, index: index, workspace: workspace)
            if !sampleConversion.isEmpty {
                SamplerMath.sampleToNative(output, x: x, conversion: sampleConversion[index])
            }
            return output
        }
    }

    /// The noise level a warm start begins at, for re-noising a shifted chunk: `(a, s)` in
    /// `x = a chunk + s z` (diffusion: `sqrt(ab_k)`, `sqrt(1 - ab_k)`; flow: `1 - t`, `t`).
    func warmStartLevel(start: Int) -> (a: Float, s: Float) {
        let index = stepCount - start
        if sampler.stepRule == .euler {
            let t = SamplerMath.flowTime(index, steps: sampler.steps)
            return (Float(1 - t), Float(t))
        }
        let ab = schedule.alphaBar(SamplerMath.diffusionGrid(sampler, schedule: schedule)[index])
        return (Float(ab.squareRoot()), Float((1 - ab).squareRoot()))
    }

    /// Refuses a sampler the policy family cannot run, or settings outside its schedule.
    static func check(_ sampler: Sampler, family: PolicyConfiguration.Family, schedule: NoiseSchedule) throws(PolicyError) {
        let T = schedule.stepCount
        switch (family, sampler.method) {
        case (.diffusion, .euler):
            throw .samplerMismatch("sampler 'euler' needs a flow policy; a diffusion policy samples with ddpm, ddim, dpmsolver or rti")
        case (.flow, .ddpm), (.flow, .ddim), (.flow, .dpmsolver):
            throw .samplerMismatch("sampler '\(sampler.method.rawValue)' needs a diffusion policy; a flow policy samples with euler or rti")
        case (.anchored, let method) where method != .anchored:
            throw .samplerMismatch("sampler '\(method.rawValue)' needs a diffusion or flow policy; an anchored policy samples with sampler.method=anchored")
        case (.diffusion, .anchored), (.flow, .anchored):
            throw .samplerMismatch("sampler 'anchored' needs an anchored policy (policy.family anchored); a \(family.rawValue) policy samples with \(family == .flow ? "euler or rti" : "ddpm, ddim, dpmsolver or rti")")
        default: break
        }
        if sampler.method == .rti {
            let base = sampler.stepRule
            let allowed: [Sampler.Method] = family == .flow ? [.euler] : [.ddpm, .ddim]
            guard allowed.contains(base) else {
                throw .samplerMismatch("sampler.base '\(base.rawValue)' cannot start RTI for a \(family.rawValue) policy; use \(allowed.map(\.rawValue).joined(separator: " or "))")
            }
        }
        if sampler.stepRule != .ddpm, sampler.method != .anchored {
            guard sampler.steps >= 1, sampler.stepRule == .euler || sampler.steps <= T else {
                throw .samplerMismatch("sampler.steps must be in 1...\(T), got \(sampler.steps)")
            }
        }
        if sampler.method == .rti {
            let count = SamplerMath.stepCount(sampler, schedule: schedule)
            let start = sampler.start ?? Sampler.defaultWarmStartSteps
            guard (1...count).contains(start) else {
                throw .samplerMismatch("sampler.start must be in 1...\(count) (the steps of the \(Sampler(sampler.stepRule, steps: sampler.steps)) schedule RTI finishes), got \(start)")
            }
        }
        if sampler.renoise != nil, sampler.method != .rti {
            throw .samplerMismatch("sampler.renoise applies to sampler.method=rti only, not '\(sampler.method.rawValue)'")
        }
        if sampler.anchorChoice != nil, sampler.method != .anchored {
            throw .samplerMismatch("sampler.anchorChoice applies to sampler.method=anchored only, not '\(sampler.method.rawValue)'")
        }
        if sampler.base != nil, sampler.method != .rti {
            throw .samplerMismatch("sampler.base applies to sampler.method=rti only, not '\(sampler.method.rawValue)'")
        }
    }
}

extension Sampler {
    /// Checks that a policy of `configuration` can run this sampler (family, prediction,
    /// steps within its schedule, RTI's start step, `every` within the chunk); the
    /// message names the offending `sampler.` key.
    public func validate(for configuration: PolicyConfiguration) throws(PolicyError) {
        let resolved = resolved(for: configuration)
        try ChunkSampler.check(resolved, family: configuration.family, schedule: .cosine(steps: configuration.diffusionSteps))
        if resolved.method == .anchored, let start = resolved.start {
            let truncation = configuration.truncationSteps
            guard (0..<truncation).contains(start) else {
                throw .samplerMismatch("sampler.start must be in 0...\(truncation - 1) (the noise levels below policy.truncation the policy was trained on), got \(start)")
            }
            guard (1...(start + 1)).contains(steps) else {
                throw .samplerMismatch("sampler.steps must be in 1...\(start + 1) for anchored sampling from step \(start), got \(steps)")
            }
        }
        if let every {
            let most = configuration.predictionHorizon - configuration.observationHorizon + 1
            guard (1...max(1, most)).contains(every) else {
                throw .samplerMismatch("sampler.every must be in 1...\(most) (the chunk's steps from the current one), got \(every)")
            }
        }
    }
}
