import NeuralNet
import Policies

/// The frozen base policy as a function of the agent's latent action (its initial noise
/// through `NoiseLatent`), for a batch: the executed
/// part of `pi_dp(o, w)` (the `Ta` actions from the newest observation on, in normalised
/// units, `Ta*D` numbers per row), for DSRL-NA's action critics.
///
/// The batch is cut into two halves with a sampler each, so that the two threads of a SAC
/// pair each run one half; either way each half is the same computation, so the result
/// does not depend on the thread count.
final class BaseActionMap {
    let policy: Policy
    /// Floats of one row's executed actions.
    let size: Int
    let latent: NoiseLatent
    private let samplers: [ChunkSampler]
    private let rows: [Range<Int>]
    private let conditions: [Matrix]
    private let chunks: [Matrix]
    /// Never drawn from: the base sampler is deterministic (DDIM eta 0 or Euler).
    private var unused: [RandomSource]

    init(policy: Policy, sampler: Sampler, latent: NoiseLatent? = nil, batchSize: Int) throws(PolicyError) {
        precondition(batchSize >= 2, "two halves")
        self.policy = policy
        self.latent = latent ?? NoiseLatent(horizon: policy.configuration.predictionHorizon, actionSize: policy.actionSize)
        size = policy.configuration.actionHorizon * policy.actionSize
        let half = batchSize / 2
        rows = [0..<half, half..<batchSize]
        samplers = try rows.map { range throws(PolicyError) in try policy.makeSampler(sampler, batchSize: range.count) }
        conditions = rows.map { Matrix(rows: $0.count, columns: policy.conditionSize) }
        chunks = rows.map { Matrix(rows: $0.count, columns: policy.chunkSize) }
        unused = rows.map { _ in RandomSource(seed: SeedDomain.posteriorNoise.seed(0)) }
    }

    /// Half `k` (0 or 1) of `actions(observations:noise:into:)`; the halves touch disjoint
    /// rows and buffers.
    func actions(half k: Int, observations: Matrix, noise: Matrix, into executed: Matrix) {
        let condition = conditions[k], x = chunks[k]
        let cs = policy.conditionSize
        let first = (policy.configuration.observationHorizon - 1) * policy.actionSize
        for (local, row) in rows[k].enumerated() {
            condition.row(local).update(from: observations.row(row), count: cs)
            latent.expand(noise.row(row), into: x.row(local))
        }
        samplers[k].sample(condition: condition, x: x, generator: &unused[k])
        for (local, row) in rows[k].enumerated() {
            executed.row(row).update(from: x.row(local) + first, count: size)
        }
    }
}
