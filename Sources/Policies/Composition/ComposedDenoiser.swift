import NeuralNet

/// The parents of a composition at one batch size and one sampler grid: their buffers,
/// time caches and per-step conversions, built once so a composed step allocates nothing.
///
/// Each step every parent with a non-zero weight is evaluated on the same noisy chunk
/// `x`, its output converted to the sampler's own quantity (epsilon, or velocity for an
/// Euler grid), and the results summed with their weights. Convex weights make this the
/// same combination on any affinely related footing (epsilon, velocity, clean chunk at the
/// same `x` and noise level), so combining on the sampler's quantity is the spec's epsilon
/// combination. With one parent at weight 1 its output is returned untouched: the
/// composition then reproduces that parent bit for bit.
final class ComposedDenoiser {
    /// How a parent's network output becomes the sampler's quantity at one step.
    enum Conversion {
        /// The output already is (epsilon from an epsilon diffusion parent on a diffusion
        /// grid, velocity from a velocity flow parent on an Euler grid).
        case native
        /// A clean-chunk output: `native = (x - a out) b`, as `SamplerMath.sampleToNative`.
        case sample(a: Float, b: Float)
        /// A flow parent on a diffusion grid: its input is `scale x` (the same chunk at the
        /// flow time of equal signal-to-noise ratio) and `native = alpha x + beta out`.
        case flowOnDiffusion(scale: Float, alpha: Float, beta: Float)
    }

    final class Parent {
        /// The trained policy (nil for a closed-form parent in tests).
        let policy: Policy?
        let weight: Float
        /// The raw network output for an input chunk at sampler step `index`.
        let output: (Matrix, Int) -> Matrix
        /// Normalised observation histories, `batch x To_i*obs` (policies only).
        let condition: Matrix?
        let workspace: ConditionalResidualMLP.InferenceWorkspace?
        /// The scaled chunk a flow parent on a diffusion grid sees (nil otherwise).
        let input: Matrix?
        let conversions: [Conversion]

        init(policy: Policy, weight: Double, batchSize: Int, times: [Float], conversions: [Conversion]) {
            let network = policy.network
            let cache = network.makeTimestepCache(times: times)
            let workspace = network.makeInferenceWorkspace(batchSize: batchSize)
            self.policy = policy
            self.workspace = workspace
            condition = Matrix(rows: batchSize, columns: policy.conditionSize)
            output = { x, index in network.evaluate(x, cache: cache, index: index, workspace: workspace) }
            self.weight = Float(weight)
            input = Self.needsInput(conversions) ? Matrix(rows: batchSize, columns: policy.chunkSize) : nil
            self.conversions = conversions
        }

        /// A parent whose output is a closed-form function of the chunk and the step.
        init(weight: Double, chunkSize: Int, batchSize: Int, conversions: [Conversion], output: @escaping (Matrix, Int) -> Matrix) {
            policy = nil
            workspace = nil
            condition = nil
            self.output = output
            self.weight = Float(weight)
            input = Self.needsInput(conversions) ? Matrix(rows: batchSize, columns: chunkSize) : nil
            self.conversions = conversions
        }

        static func needsInput(_ conversions: [Conversion]) -> Bool {
            conversions.contains { if case .flowOnDiffusion = $0 { true } else { false } }
        }
    }

    let parents: [Parent]
    let combined: Matrix

    /// `sampler` is resolved and checked against the composition's footing.
    convenience init(_ composition: Composition, sampler: Sampler, schedule: NoiseSchedule, batchSize: Int) throws(PolicyError) {
        if composition.family == .flow || sampler.stepRule == .euler {
            if let diffusion = composition.parents.firstIndex(where: { $0.configuration.family == .diffusion }) {
                throw .compositionMismatch("parent \(diffusion + 1) is a diffusion policy: a composition with a diffusion parent samples on the diffusion grid (ddim, ddpm, dpmsolver or rti), not with \(sampler.method.rawValue)")
            }
        }
        let parents = composition.active.map { parent, weight in
            let (times, conversions) = Self.plan(parent.configuration, sampler: sampler, schedule: schedule)
            return Parent(policy: parent, weight: weight, batchSize: batchSize, times: times, conversions: conversions)
        }
        self.init(parents: parents, chunkSize: composition.parents[0].chunkSize, batchSize: batchSize)
    }

    init(parents: [Parent], chunkSize: Int, batchSize: Int) {
        self.parents = parents
        combined = Matrix(rows: batchSize, columns: chunkSize)
    }

    /// The network times and output conversions of a parent of `configuration` on the
    /// grid of `sampler` (`specs/algorithms.md` section 1: `eps = X_t + (1 - t) v`,
    /// `X_t = x / (sqrt(ab) + sqrt(1 - ab))` at `t = sqrt(1 - ab) / (sqrt(ab) + sqrt(1 - ab))`).
    static func plan(_ configuration: PolicyConfiguration, sampler: Sampler, schedule: NoiseSchedule)
        -> (times: [Float], conversions: [Conversion]) {
        let sample = configuration.prediction == .sample
        if sampler.stepRule == .euler || configuration.family == .diffusion {
            // The parent's own grid and conversion: bit for bit what it does alone.
            let own = NoiseSchedule.cosine(steps: configuration.diffusionSteps)
            let times = SamplerMath.networkTimes(sampler, schedule: own)
            let conversions: [Conversion] = sample
                ? SamplerMath.sampleConversion(sampler, schedule: own).map { .sample(a: $0.a, b: $0.b) }
                : Array(repeating: .native, count: times.count)
            return (times, conversions)
        }
        let flowScale = Double(configuration.diffusionSteps)
        var times: [Float] = [], conversions: [Conversion] = []
        for k in SamplerMath.diffusionGrid(sampler, schedule: schedule) {
            let ab = schedule.alphaBar(k)
            let c = 1 / (ab.squareRoot() + (1 - ab).squareRoot())
            let t = (1 - ab).squareRoot() * c
            times.append(Float(t * flowScale))
            conversions.append(sample
                ? .flowOnDiffusion(scale: Float(c), alpha: Float(c / t), beta: Float(-(1 - t) / t))
                : .flowOnDiffusion(scale: Float(c), alpha: Float(c), beta: Float(1 - t)))
        }
        return (times, conversions)
    }

    /// Normalises the raw histories `raw` (`batch x To*obs`) with each parent's own
    /// observation normaliser and projects them.
    func setCondition(raw: Matrix) {
        for parent in parents {
            guard let policy = parent.policy, let condition = parent.condition, let workspace = parent.workspace else { continue }
            condition.assign(from: raw)
            policy.observationNormalizer.normalize(condition.pointer, count: condition.count)
            policy.network.setCondition(condition, workspace: workspace)
        }
    }

    /// The combined prediction at sampler step `index` for the noisy chunk `x`.
    func predict(_ x: Matrix, index: Int) -> Matrix {
        for (position, parent) in parents.enumerated() {
            let output = evaluate(parent, x: x, index: index)
            if parents.count == 1 { return output }
            let sum = combined.pointer, p = output.pointer, w = parent.weight
            if position == 0 {
                for i in 0..<combined.count { sum[i] = w * p[i] }
            } else {
                for i in 0..<combined.count { sum[i] += w * p[i] }
            }
        }
        return combined
    }

    /// One parent's prediction at step `index`, converted to the sampler's quantity (in
    /// the parent's workspace: valid until its next evaluation).
    func evaluate(_ parent: Parent, x: Matrix, index: Int) -> Matrix {
        var source = x
        if case .flowOnDiffusion(let scale, _, _) = parent.conversions[index], let input = parent.input {
            let p = input.pointer, q = x.pointer
            for i in 0..<x.count { p[i] = scale * q[i] }
            source = input
        }
        let output = parent.output(source, index)
        switch parent.conversions[index] {
        case .native: break
        case .sample(let a, let b): SamplerMath.sampleToNative(output, x: x, conversion: (a, b))
        case .flowOnDiffusion(_, let alpha, let beta):
            let p = output.pointer, q = x.pointer
            for i in 0..<x.count { p[i] = alpha * q[i] + beta * p[i] }
        }
        return output
    }
}
