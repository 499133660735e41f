import Foundation
import NeuralNet
import Testing
@testable import Reinforcement

@Suite struct SACTests {
    @Test func optionsNameTheOffendingKey() throws {
        var options = SAC.Options()
        options.actionBound = 0
        #expect(throws: ReinforcementError.invalid(key: "actionBound", "the squash (noise) bound must be positive, got 0.0")) {
            _ = try SAC(observationSize: 3, actionSize: 2, options: options, seed: 1)
        }
        do {
            _ = try SAC(observationSize: 3, actionSize: 2, options: options, seed: 1)
        } catch {
            #expect(error.description == "key 'sac.actionBound': the squash (noise) bound must be positive, got 0.0")
            #expect(error.keyPath == ["sac", "actionBound"])
        }
        options = SAC.Options()
        options.alphaFloor = 2
        #expect(throws: ReinforcementError.self) { try options.validate() }
        options = SAC.Options()
        options.replayCapacity = 0
        #expect(throws: ReinforcementError.invalid(key: "replayCapacity", "must be at least 1 (or absent for the whole run), got 0")) {
            try options.validate()
        }
        // Options round-trip through JSON (configs and run records).
        var custom = SAC.Options()
        custom.targetEntropy = -4
        custom.alphaFloor = 0.1
        let decoded = try JSONDecoder().decode(SAC.Options.self, from: JSONEncoder().encode(custom))
        #expect(decoded == custom)
    }

    @Test func defaultsAreDSRLs() throws {
        let options = SAC.Options()
        #expect(options.learningRate == 3e-4 && options.batchSize == 256 && options.tau == 0.005
                && options.discount == 0.99 && options.initialAlpha == 1 && options.width == 256
                && options.hiddenLayers == 3 && options.actionBound == 1.5 && options.alphaFloor == 1e-3)
        #expect(options.resolvedTargetEntropy(actionSize: 32) == -32)
        #expect(options.resolvedReplayCapacity(totalTransitions: 50_000) == 50_000)
        #expect(options.transitionDiscount(terminal: true) == 0)
        #expect(options.transitionDiscount(steps: 2, terminal: false) == Float(0.99 * 0.99))
        let sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(), seed: 4)
        #expect(sac.alpha == 1 && sac.targetEntropy == -2)
        // The targets start as copies of the critics.
        for (t, c) in zip(sac.targetCritics.flatMap(\.parameters), sac.critics.flatMap(\.parameters)) {
            #expect(t.value.values == c.value.values)
        }
    }

    @Test func aStepChangesEveryLearnerAndMovesTargetsByTau() throws {
        let sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(), seed: 5)
        let buffer = randomBuffer(count: 40, capacity: 40, seed: 6)
        var generator = RandomSource(seed: 7)
        let before = sac.tensors()
        let critic = sac.critics[0].parameters[0].value.copy(), target = sac.targetCritics[0].parameters[0].value.copy()
        let statistics = try sac.gradientStep(buffer: buffer, generator: &generator)
        #expect(sac.stepCount == 1 && statistics.alpha == 1)
        #expect(statistics.criticLoss.isFinite && statistics.actorLoss.isFinite && statistics.entropy.isFinite)
        for prefix in ["sac.actor.", "sac.critics.", "sac.target_critics.", "sac.log_alpha"] {
            let name = before.keys.sorted().first { $0.hasPrefix(prefix) }!
            #expect(before[name] != sac.tensors()[name], "\(name) did not change")
        }
        let updated = sac.critics[0].parameters[0].value, moved = sac.targetCritics[0].parameters[0].value
        for i in 0..<moved.count {
            let expected = target.pointer[i] * 0.995 + 0.005 * updated.pointer[i]
            #expect(moved.pointer[i] == expected)
        }
        #expect(critic.values != updated.values)
    }

    @Test func twoThreadsGiveTheSameResultBitForBit() throws {
        var results: [[String: TensorData]] = []
        for threads in [1, 2] {
            let sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(), seed: 20)
            sac.threads = threads
            let buffer = randomBuffer(count: 40, capacity: 40, seed: 21)
            var generator = RandomSource(seed: 22)
            for _ in 0..<4 { try sac.gradientStep(buffer: buffer, generator: &generator) }
            results.append(sac.tensors())
        }
        #expect(results[0] == results[1])
    }

    @Test func alphaStopsAtItsFloor() throws {
        var options = tinyOptions()
        options.learningRate = 0.05
        options.initialAlpha = 0.2
        options.alphaFloor = 0.1
        options.targetEntropy = -50   // far below any entropy here: alpha only falls
        let sac = try SAC(observationSize: 3, actionSize: 2, options: options, seed: 8)
        let buffer = randomBuffer(count: 40, capacity: 40, seed: 9)
        var generator = RandomSource(seed: 10)
        for _ in 0..<30 { try sac.gradientStep(buffer: buffer, generator: &generator) }
        #expect(abs(sac.alpha - 0.1) < 1e-6)
    }

    @Test func nonFiniteRewardStopsTheStepWithOneLine() throws {
        let sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(), seed: 11)
        var generator = RandomSource(seed: 12)
        try sac.gradientStep(buffer: randomBuffer(count: 20, capacity: 20, seed: 13), generator: &generator)
        let before = sac.tensors()
        let poisoned = randomBuffer(count: 20, capacity: 20, seed: 13, reward: .nan)
        do {
            try sac.gradientStep(buffer: poisoned, generator: &generator)
            Issue.record("a NaN reward did not stop the step")
        } catch {
            #expect(error == .nonFinite(step: 2, tensor: "target Q", kind: .nan))
            #expect(error.description == "step 2: target Q is NaN; the last good checkpoint is kept — lower the learning rate or check rewards")
            #expect(!error.description.contains("\n"))
        }
        #expect(sac.stepCount == 1 && sac.tensors() == before)
        let infinite = randomBuffer(count: 20, capacity: 20, seed: 13, reward: .infinity)
        #expect(throws: ReinforcementError.nonFinite(step: 2, tensor: "target Q", kind: .infinite)) {
            try sac.gradientStep(buffer: infinite, generator: &generator)
        }
    }

    @Test func actingIsBatchedAndSeeded() throws {
        let sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(), seed: 14)
        let observations = GradientCheck.random(5, 3, seed: 15)
        var g1 = RandomSource(seed: 16), g2 = RandomSource(seed: 16)
        let a = sac.act(observations: observations, deterministic: false, generator: &g1)
        let b = sac.act(observations: observations, deterministic: false, generator: &g2)
        #expect(a.values == b.values && a.rows == 5 && a.columns == 2)
        #expect(a.values.allSatisfy { abs($0) < 1.5 })
        let d1 = sac.act(observations: observations, deterministic: true, generator: &g1)
        #expect(g1 == g2)   // a deterministic action draws nothing
        let d2 = sac.act(observations: observations, deterministic: false, generator: &g1)
        #expect(d1.values != d2.values)
        // Row r's deterministic action does not depend on the other rows.
        let one = Matrix(rows: 1, columns: 3, values: Array(observations.values[6..<9]))
        let single = sac.act(observations: one, deterministic: true, generator: &g1)
        #expect(zip(single.values, d1.values[4..<6]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func checkpointRestoreRefusesAMismatchAndChangesNothing() throws {
        let sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(), seed: 17)
        let other = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(width: 8), seed: 17)
        let before = other.tensors()
        #expect(throws: SafeTensorsError.self) { try other.restore(from: sac.tensors(), file: "ckpt") }
        #expect(other.tensors() == before)
        var extra = sac.tensors()
        extra["sac.unknown"] = TensorData(floats: [1])
        #expect(throws: SafeTensorsError(file: "ckpt", problem: "unexpected tensor 'sac.unknown' in SAC state")) {
            try sac.restore(from: extra, file: "ckpt")
        }
    }
}
