import NeuralNet
import Testing
@testable import Policies

/// GPC's held-out loss pre-filter: the Gram matrix of the parents' residuals.
@Suite struct CompositionLossTests {
    static func data(rows: Int) -> (histories: Matrix, chunks: Matrix) {
        var g = RandomSource(seed: 12)
        let histories = Matrix(rows: rows, columns: 6), chunks = Matrix(rows: rows, columns: 8)
        for i in 0..<histories.count { histories.pointer[i] = g.uniform(-1, 1) }
        for i in 0..<chunks.count { chunks.pointer[i] = g.uniform(-0.8, 0.8) }
        return (histories, chunks)
    }

    @Test func aParentWithItselfHasTheSameLossAtEveryWeight() throws {
        let parent = try tinyPolicy(family: .diffusion, prediction: .epsilon, seed: 3)
        let policy = Policy(composing: try Composition(parents: [parent, parent], weights: [0.5, 0.5]))
        let (histories, chunks) = Self.data(rows: 64)
        var random = RandomSource(seed: 1)
        let loss = try CompositionLoss(policy: policy, sampler: .ddim(10), histories: histories, chunks: chunks, random: &random)
        #expect(loss.gram[0] > 0)
        for entry in loss.gram { #expect(abs(entry - loss.gram[0]) <= 1e-9 * loss.gram[0]) }
        for w in [0.0, 0.3, 1.0] { #expect(abs(loss.loss([w, 1 - w]) - loss.gram[0]) <= 1e-9 * loss.gram[0]) }
    }

    /// Two different parents (one a flow policy met on DDIM's grid): the closed-form weight
    /// minimises the loss over a fine grid, and the loss at a one-hot weight is that
    /// parent's own mean squared error (a diagonal entry).
    @Test func theClosedFormWeightMinimisesTheLoss() throws {
        let a = try tinyPolicy(family: .diffusion, prediction: .sample, seed: 3)
        let b = try tinyPolicy(family: .flow, prediction: .velocity, seed: 4)
        let policy = Policy(composing: try Composition(parents: [a, b], weights: [0.5, 0.5]))
        let (histories, chunks) = Self.data(rows: 64)
        var random = RandomSource(seed: 1)
        let loss = try CompositionLoss(policy: policy, sampler: .ddim(10), histories: histories, chunks: chunks, random: &random)
        #expect(loss.gram[1] == loss.gram[2])
        let best = try #require(loss.bestFirstWeight)
        #expect((0...1).contains(best))
        for step in 0...100 {
            let w = Double(step) / 100
            #expect(loss.loss([best, 1 - best]) <= loss.loss([w, 1 - w]) + 1e-12)
        }
        #expect(loss.loss([1, 0]) == loss.gram[0] && loss.loss([0, 1]) == loss.gram[3])
    }
}
