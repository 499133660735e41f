import NeuralNet

/// Samples action chunks for a fixed batch size with one sampler: the timestep cache,
/// the observation projection and all buffers are built once, so a chunk allocates
/// nothing. Works in normalised space.
public final class ChunkSampler {
    public let sampler: Sampler
    public let batchSize: Int
    let network: ConditionalResidualMLP
    let schedule: NoiseSchedule
    let family: PolicyConfiguration.Family
    /// Per sampler step, the conversion of a `sample` output (empty for other predictions).
    let sampleConversion: [(a: Float, b: Float)]
    let cache: ConditionalResidualMLP.TimestepCache
    let workspace: ConditionalResidualMLP.InferenceWorkspace

    public init(network: ConditionalResidualMLP, family: PolicyConfiguration.Family,
                prediction: PolicyConfiguration.Prediction, schedule: NoiseSchedule,
                sampler: Sampler, batchSize: Int) throws(PolicyError) {
        switch (family, sampler.method) {
        case (.diffusion, .euler):
            throw .samplerMismatch("sampler 'euler' needs a flow policy; a diffusion policy samples with ddpm or ddim")
        case (.flow, .ddpm), (.flow, .ddim):
            throw .samplerMismatch("sampler '\(sampler.method.rawValue)' needs a diffusion policy; a flow policy samples with euler")
        default: break
        }
        if sampler.method != .ddpm {
            guard sampler.steps >= 1, sampler.method == .euler || sampler.steps <= schedule.stepCount else {
                throw .samplerMismatch("sampler steps must be in 1...\(schedule.stepCount), got \(sampler.steps)")
            }
        }
        self.sampler = sampler
        self.batchSize = batchSize
        self.network = network
        self.schedule = schedule
        self.family = family
        self.sampleConversion = prediction == .sample ? SamplerMath.sampleConversion(sampler, schedule: schedule) : []
        self.cache = network.makeTimestepCache(times: SamplerMath.networkTimes(sampler, schedule: schedule))
        self.workspace = network.makeInferenceWorkspace(batchSize: batchSize)
    }

    /// Network evaluations per chunk.
    public var functionEvaluations: Int { sampler.functionEvaluations(schedule: schedule) }

    /// Turns the initial noise `x` (`batch x H*D`, overwritten) into chunks, conditioned on
    /// normalised observation histories `condition` (`batch x To*obs`). Deterministic
    /// given `x` for DDIM and Euler; DDPM draws its posterior noise from `generator`.
    public func sample(condition: Matrix, x: Matrix, generator: inout RandomSource) {
        precondition(condition.rows == batchSize && x.rows == batchSize, "batch size differs from the sampler's")
        network.setCondition(condition, workspace: workspace)
        SamplerMath.sample(sampler, x: x, schedule: schedule, generator: &generator) { x, index in
            let output = network.evaluate(x, cache: cache, index: index, workspace: workspace)
            if !sampleConversion.isEmpty {
                SamplerMath.sampleToNative(output, x: x, conversion: sampleConversion[index])
            }
            return output
        }
    }
}
