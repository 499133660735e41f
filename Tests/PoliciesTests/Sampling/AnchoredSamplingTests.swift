import Foundation
import NeuralNet
import Testing
import Tasks
@testable import Policies

/// Truncated anchored sampling: K anchors per environment in one batch, 2 DDIM steps.
@Suite struct AnchoredSamplingTests {
    func policy(anchors: Int = 5) throws -> Policy {
        var c = try tinyPolicy(family: .anchored).configuration
        c.anchors = anchors
        var g = RandomSource(seed: 3)
        let policy = try Policy(configuration: c, observationSize: 3, actionSize: 2,
                                observationNormalizer: Normalizer(minimum: [-1, -1, -1], maximum: [1, 1, 1]),
                                actionNormalizer: Normalizer(minimum: [0, 0], maximum: [10, 10]), random: &g)
        var values: [Float] = []
        for i in 0..<anchors { values += (0..<8).map { j in sin(Float(i * 8 + j)) * 0.8 } }
        policy.anchors!.assign(values)
        return policy
    }

    @Test func bestChoiceIsTheArgmaxAndSampledChoiceFollowsTheSoftmax() {
        let scores: [Float] = [0.1, 9, 2, 0.5, 1.5, 7, 3, -1]  // stride 2: 0.1, 2, 1.5, 3
        scores.withUnsafeBufferPointer { p in
            #expect(ChunkSampler.choose(scores: p.baseAddress!, stride: 2, count: 4, uniform: nil) == 3)
            let logits: [Float] = [0.1, 2, 1.5, 3]
            let weights = logits.map { exp($0) }, total = weights.reduce(0, +)
            var counts = [Int](repeating: 0, count: 4)
            for i in 0..<10_000 {
                let u = (Float(i) + 0.5) / 10_000
                counts[ChunkSampler.choose(scores: p.baseAddress!, stride: 2, count: 4, uniform: u)] += 1
            }
            for i in 0..<4 { #expect(abs(Float(counts[i]) / 10_000 - weights[i] / total) < 1e-3) }
        }
    }

    @Test func twoEvaluationsPerReplanAndTheChunkIsTheChosenAnchorsPrediction() throws {
        let policy = try policy()
        let controller = try ChunkController(policy: policy, sampler: .anchored(), batchSize: 3, seed: 1)
        #expect(controller.sampler.sampler.start == 10)
        #expect(controller.sampler.functionEvaluations == 2)
        for slot in 0..<3 { controller.reset(slot: slot, observation: [0.1 * Double(slot), 0.2, -0.3], noiseSeed: 40 + UInt64(slot)) }
        let plan = controller.plan(active: [true, true, false])
        #expect(plan[0].count == 2 && plan[2].isEmpty)
        #expect(controller.functionEvaluations == 4 && controller.plannedChunks == 2)
        // The network's own output for the chosen anchor's row, run by hand.
        let sampler = controller.sampler
        let network = policy.network
        let workspace = network.makeInferenceWorkspace(batchSize: 15)
        network.setCondition(sampler.anchored!.condition, workspace: workspace)
        let chosen = sampler.chosenAnchors
        #expect(chosen.count == 3 && chosen.allSatisfy { (0..<5).contains($0) })
        // The best anchor has the highest final score among the slot's K rows.
        let cache = network.makeTimestepCache(times: [10, 0])
        let output = network.evaluate(sampler.anchored!.x, cache: cache, index: 1, workspace: workspace)
        for slot in 0..<2 {
            let scores = (0..<5).map { output.row(slot * 5 + $0)[8] }
            #expect(scores[chosen[slot]] == scores.max())
        }
    }

    @Test func sameEpisodeSeedsSameChunksAndSampledChoiceIsSeeded() throws {
        let policy = try policy()
        func chunks(_ sampler: Sampler, seed: UInt64) throws -> [[[Double]]] {
            let c = try ChunkController(policy: policy, sampler: sampler, batchSize: 2, seed: 99)
            c.reset(slot: 0, observation: [0.1, 0.2, 0.3], noiseSeed: seed)
            c.reset(slot: 1, observation: [0.4, -0.2, 0.0], noiseSeed: seed + 1)
            return c.plan(active: [true, true])
        }
        #expect(try chunks(.anchored(), seed: 5) == chunks(.anchored(), seed: 5))
        #expect(try chunks(.anchored(), seed: 5) != chunks(.anchored(), seed: 7))
        let sample = Sampler.anchored(choice: .sample)
        #expect(try chunks(sample, seed: 5) == chunks(sample, seed: 5))
    }

    @Test func samplerAndPolicyMustMatch() throws {
        let anchored = try policy()
        #expect(throws: PolicyError.samplerMismatch("sampler 'ddim' needs a diffusion or flow policy; an anchored policy samples with sampler.method=anchored")) {
            try Sampler.ddim(10).validate(for: anchored.configuration)
        }
        let diffusion = try tinyPolicy(family: .diffusion)
        #expect(throws: PolicyError.self) { try Sampler.anchored().validate(for: diffusion.configuration) }
        #expect(throws: PolicyError.samplerMismatch("sampler.start must be in 0...19 (the noise levels below policy.truncation the policy was trained on), got 20")) {
            try Sampler.anchored(start: 20).validate(for: anchored.configuration)
        }
        #expect(throws: PolicyError.samplerMismatch("sampler.steps must be in 1...4 for anchored sampling from step 3, got 5")) {
            try Sampler(.anchored, steps: 5, start: 3).validate(for: anchored.configuration)
        }
        #expect(throws: PolicyError.self) { try Sampler(.ddim, steps: 5, anchorChoice: .sample).validate(for: diffusion.configuration) }
        #expect(Sampler.anchored(choice: .sample).resolved(for: anchored.configuration).description == "anchored2-k10-sample")
    }
}
