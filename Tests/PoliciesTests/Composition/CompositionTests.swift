import NeuralNet
import Testing
@testable import Policies

/// GPC: a convex combination of parents' predictions at every denoising step.
@Suite struct CompositionTests {
    static func plan(_ policy: Policy, sampler: Sampler, batch: Int = 3, seed: UInt64 = 9) throws -> (plans: [[[Double]]], chunks: [Float]) {
        let controller = try ChunkController(policy: policy, sampler: sampler, batchSize: batch, seed: seed)
        for slot in 0..<batch {
            controller.reset(slot: slot, observation: [0.1 * Double(slot), -0.3, 0.5], noiseSeed: 40 &+ UInt64(slot))
        }
        var plans = controller.plan(active: Array(repeating: true, count: batch))
        for step in 0..<2 {
            for slot in 0..<batch { controller.observe(slot: slot, observation: [0.2 + 0.1 * Double(step), 0.1, -0.4]) }
        }
        plans += controller.plan(active: Array(repeating: true, count: batch))
        return (plans, controller.lastChunks)
    }

    static func composed(_ parents: [Policy], _ weights: [Double]) throws -> Policy {
        Policy(composing: try Composition(parents: parents, weights: weights))
    }

    /// Parents that differ in prediction, width, seed and observation normalisation.
    static func diffusionPair() throws -> (Policy, Policy) {
        var c = try tinyPolicy(family: .diffusion, prediction: .epsilon, seed: 5).configuration
        c.width = 48
        var g = RandomSource(seed: 5)
        let wide = try Policy(configuration: c, observationSize: 3, actionSize: 2,
                              observationNormalizer: Normalizer(minimum: [-2, -2, -2], maximum: [2, 2, 2]),
                              actionNormalizer: try tinyPolicy(family: .diffusion).actionNormalizer, random: &g)
        return (try tinyPolicy(family: .diffusion, prediction: .sample, seed: 1), wide)
    }

    /// w = 1 and w = 0 are each parent bit for bit, whatever the other parent is, for every
    /// sampler with a per-step update (DDPM's posterior noise included).
    @Test(arguments: [Sampler.ddim(10), .ddpm, .dpmSolver(5),
                      Sampler(.rti, steps: 10, base: .ddim, start: 3, every: 1)])
    func extremeWeightsReproduceEachParent(sampler: Sampler) throws {
        let (a, b) = try Self.diffusionPair()
        for (weights, parent) in [([1.0, 0.0], a), ([0.0, 1.0], b)] {
            let alone = try Self.plan(parent, sampler: sampler)
            let together = try Self.plan(try Self.composed([a, b], weights), sampler: sampler)
            #expect(together.plans == alone.plans)
            #expect(together.chunks == alone.chunks)
        }
    }

    /// A flow pair on Euler, and a diffusion parent beside a flow parent on DDIM: the
    /// parent whose grid the sampler walks is reproduced exactly.
    @Test func mixedFamiliesReproduceTheParentOfTheSamplersFooting() throws {
        let flowA = try tinyPolicy(family: .flow, prediction: .sample, seed: 2)
        let flowB = try tinyPolicy(family: .flow, prediction: .velocity, seed: 3)
        let diffusion = try tinyPolicy(family: .diffusion, prediction: .sample, seed: 4)
        #expect(try Self.plan(Self.composed([flowA, flowB], [0, 1]), sampler: .euler(8)).chunks
                == Self.plan(flowB, sampler: .euler(8)).chunks)
        #expect(try Self.plan(Self.composed([flowA, diffusion], [0, 1]), sampler: .ddim(10)).chunks
                == Self.plan(diffusion, sampler: .ddim(10)).chunks)
        let mixed = try Self.composed([diffusion, flowA], [0.5, 0.5])
        #expect(mixed.configuration.family == .diffusion)
        #expect(throws: PolicyError.self) { try mixed.makeSampler(.euler(10), batchSize: 1) }
    }

    /// A parent composed with itself is that parent for every weight (to rounding).
    @Test func aParentComposedWithItselfIsTheParent() throws {
        let parent = try tinyPolicy(family: .diffusion, prediction: .sample, seed: 7)
        let alone = try Self.plan(parent, sampler: .ddim(10)).chunks
        for tenth in 0...10 {
            let w = Double(tenth) / 10
            let chunks = try Self.plan(try Self.composed([parent, parent], [w, 1 - w]), sampler: .ddim(10)).chunks
            let error = zip(chunks, alone).map { abs($0 - $1) }.max()!
            #expect(error <= 1e-4, "w = \(w): largest difference \(error)")
        }
    }

    /// Each parent with weight is evaluated once per step; a zero weight costs nothing.
    @Test func functionEvaluationsCountEveryWeightedParent() throws {
        let (a, b) = try Self.diffusionPair()
        #expect(try Self.composed([a, b], [0.3, 0.7]).makeSampler(.ddim(10), batchSize: 2).functionEvaluations == 20)
        #expect(try Self.composed([a, b], [1, 0]).makeSampler(.ddim(10), batchSize: 2).functionEvaluations == 10)
    }

    /// Mismatched parents and non-convex weights are refused with the mismatch named.
    @Test func incompatibleParentsAndWeightsAreRefused() throws {
        let a = try tinyPolicy(family: .diffusion)
        func message(_ parents: [Policy], _ weights: [Double]) -> String {
            do { _ = try Composition(parents: parents, weights: weights); return "" } catch { return error.description }
        }
        #expect(message([a], [1]).contains("at least two parent policies"))
        #expect(message([a, a], [0.5, 0.6]).contains("sum to 1.1"))
        #expect(message([a, a], [1.5, -0.5]).contains("-0.5 is not a number in [0, 1]"))
        #expect(message([a, a], [1]).contains("1 weights for 2 parents"))
        #expect(message([a, try tinyPolicy(family: .diffusion, actionSize: 3)], [0.5, 0.5]).contains("action size"))
        var c = a.configuration
        c.predictionHorizon = 6
        var g = RandomSource(seed: 1)
        let longer = try Policy(configuration: c, observationSize: 3, actionSize: 2, observationNormalizer: a.observationNormalizer,
                                actionNormalizer: a.actionNormalizer, random: &g)
        #expect(message([a, longer], [0.5, 0.5]).contains("chunk length (policy.predictionHorizon): 6 against 4"))
        c = a.configuration
        c.observationHorizon = 3
        let deeper = try Policy(configuration: c, observationSize: 3, actionSize: 2, observationNormalizer: a.observationNormalizer,
                                actionNormalizer: a.actionNormalizer, random: &g)
        #expect(message([a, deeper], [0.5, 0.5]).contains("observation history (policy.observationHorizon"))
        let other = try tinyPolicy(family: .diffusion)
        other.actionNormalizer = Normalizer(minimum: [0, 0], maximum: [10, 11])
        #expect(message([a, other], [0.5, 0.5]).contains("normalises actions differently"))
        c = a.configuration
        c.diffusionSteps = 50
        let coarse = try Policy(configuration: c, observationSize: 3, actionSize: 2, observationNormalizer: a.observationNormalizer,
                                actionNormalizer: a.actionNormalizer, random: &g)
        #expect(message([a, coarse], [0.5, 0.5]).contains("time grids differ"))
    }
}
