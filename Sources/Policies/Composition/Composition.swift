import NeuralNet

/// A convex combination of policies (GPC, `specs/algorithms.md` section 5): at every
/// denoising step each parent sees the same noisy chunk, their predictions are combined
/// with `weights` on the sampler's footing, and one sampler update follows.
///
/// Parents must agree on what a chunk is: observation and action sizes, `H`, `Ta`, the
/// action normalisation and relative-action setting, the observation history `To` (it
/// places the chunk in time) and (diffusion parents) the noise schedule. Their observation
/// normalisation, widths, seeds, prediction types and families may differ. A flow parent joins a diffusion-footing sampler at the matched
/// signal-to-noise ratio; a diffusion parent cannot join an Euler sampler (refused).
public struct Composition {
    public let parents: [Policy]
    /// `w_i >= 0`, summing to 1.
    public let weights: [Double]

    /// How far from 1 the weights may sum (decimal weights such as 0.1 + 0.2 + 0.7).
    public static let weightTolerance = 1e-6

    public init(parents: [Policy], weights: [Double]) throws(PolicyError) {
        try Self.checkCompatible(parents)
        try Self.checkWeights(weights, parents: parents.count)
        self.parents = parents
        self.weights = weights
    }

    /// The parents with a non-zero weight, in order: only they are evaluated.
    var active: [(policy: Policy, weight: Double)] {
        zip(parents, weights).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
    }

    /// Refuses weights that are not a point of the simplex over `parents` parents.
    public static func checkWeights(_ weights: [Double], parents: Int) throws(PolicyError) {
        guard weights.count == parents else {
            throw .compositionMismatch("\(weights.count) weights for \(parents) parents; give one weight per parent")
        }
        if let bad = weights.first(where: { !$0.isFinite || $0 < 0 }) {
            throw .compositionMismatch("weight \(bad) is not a number in [0, 1]; weights are convex (each at least 0, summing to 1)")
        }
        let sum = weights.reduce(0, +)
        guard abs(sum - 1) <= weightTolerance else {
            throw .compositionMismatch("weights \(weights.map { "\($0)" }.joined(separator: ", ")) sum to \(sum), not 1")
        }
    }

    /// Refuses parents whose chunks do not mean the same thing; the message names the
    /// parent (1-based) and the mismatch.
    public static func checkCompatible(_ parents: [Policy]) throws(PolicyError) {
        guard parents.count >= 2 else {
            throw .compositionMismatch("composition needs at least two parent policies, got \(parents.count)")
        }
        let first = parents[0], a = first.configuration
        for (index, parent) in parents.enumerated() {
            let c = parent.configuration, name = "parent \(index + 1)"
            guard c.family != .anchored else {
                throw .compositionMismatch("\(name) is an anchored policy: it samples from its anchors, not from a shared noisy chunk; compose diffusion and flow policies")
            }
            guard index > 0 else { continue }
            func differ(_ what: String, _ mine: Any, _ theirs: Any) -> PolicyError {
                .compositionMismatch("\(name) differs from parent 1 in \(what): \(mine) against \(theirs)")
            }
            guard parent.observationSize == first.observationSize else {
                throw differ("observation size (a different task or observation?)", parent.observationSize, first.observationSize)
            }
            guard parent.actionSize == first.actionSize else { throw differ("action size", parent.actionSize, first.actionSize) }
            guard c.observationHorizon == a.observationHorizon else {
                // A chunk starts To - 1 steps in the past: other histories would align
                // the parents' chunks on different steps.
                throw differ("observation history (policy.observationHorizon, which also places the chunk in time)",
                             c.observationHorizon, a.observationHorizon)
            }
            guard c.predictionHorizon == a.predictionHorizon else {
                throw differ("chunk length (policy.predictionHorizon)", c.predictionHorizon, a.predictionHorizon)
            }
            guard c.actionHorizon == a.actionHorizon else {
                throw differ("executed actions per chunk (policy.actionHorizon)", c.actionHorizon, a.actionHorizon)
            }
            guard c.actionsRelativeTo == a.actionsRelativeTo else {
                throw differ("policy.actionsRelativeTo", c.actionsRelativeTo, a.actionsRelativeTo)
            }
            guard c.chunkNormalization == a.chunkNormalization else {
                throw differ("policy.chunkNormalization", c.chunkNormalization.rawValue, a.chunkNormalization.rawValue)
            }
            guard parent.actionNormalizer == first.actionNormalizer else {
                throw .compositionMismatch("\(name) normalises actions differently from parent 1 (its ranges were fitted on other demonstrations); compose policies trained on the same demonstrations")
            }
        }
        let diffusion = parents.filter { $0.configuration.family == .diffusion }
        if let steps = diffusion.first?.configuration.diffusionSteps,
           let other = diffusion.first(where: { $0.configuration.diffusionSteps != steps }) {
            throw .compositionMismatch("the diffusion parents' time grids differ: policy.diffusionSteps \(other.configuration.diffusionSteps) against \(steps)")
        }
    }

    /// The footing the combination happens on: diffusion (epsilon) when any parent is a
    /// diffusion policy, flow (velocity) when all are flow policies.
    var family: PolicyConfiguration.Family {
        parents.contains { $0.configuration.family == .diffusion } ? .diffusion : .flow
    }

    /// The configuration of the composed policy: parent 1's, with the footing's family.
    var configuration: PolicyConfiguration {
        var c = parents[0].configuration
        c.family = family
        if let diffusion = parents.first(where: { $0.configuration.family == .diffusion }) {
            c.diffusionSteps = diffusion.configuration.diffusionSteps
        }
        return c
    }
}
