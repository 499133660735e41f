import NeuralNet
import Testing
import Tasks
@testable import Policies

/// RTI: warm starts from the previous chunk, per slot, inside the controller.
@Suite struct WarmStartTests {
    /// Every (family, prediction) pair a policy supports, with its RTI base.
    static let policies: [(PolicyConfiguration.Family, PolicyConfiguration.Prediction, Sampler)] = [
        (.diffusion, .sample, .ddpm), (.diffusion, .epsilon, .ddpm), (.diffusion, .sample, .ddim(10)),
        (.diffusion, .epsilon, .ddim(10)), (.flow, .sample, .euler(8)), (.flow, .velocity, .euler(8)),
    ]

    static func rti(_ base: Sampler, start: Int, every: Int? = nil, renoise: Bool? = nil) -> Sampler {
        Sampler(.rti, steps: base.steps, base: base.method, start: start, renoise: renoise, every: every)
    }

    /// Two observations per slot, as a rollout gives them.
    static func start(_ controller: ChunkController, seed: UInt64 = 11) {
        for slot in 0..<controller.batchSize {
            controller.reset(slot: slot, observation: [0.1 * Double(slot), -0.3, 0.5], noiseSeed: seed &+ UInt64(slot))
        }
    }

    static func advance(_ controller: ChunkController, steps: Int) {
        for step in 0..<steps {
            for slot in 0..<controller.batchSize {
                controller.observe(slot: slot, observation: [0.2 + 0.01 * Double(step), Double(slot) * 0.1, -0.4])
            }
        }
    }

    @Test func shiftAndRepeatIsExactForOneStepAndTheWholeHorizon() {
        // Four rows of two: row j holds (j, 10 j).
        let chunk: [Float] = [0, 0, 1, 10, 2, 20, 3, 30]
        #expect(ChunkController.shifted(chunk, rows: 4, dimension: 2, by: 0) == chunk)
        #expect(ChunkController.shifted(chunk, rows: 4, dimension: 2, by: 1) == [1, 10, 2, 20, 3, 30, 3, 30])
        #expect(ChunkController.shifted(chunk, rows: 4, dimension: 2, by: 2) == [2, 20, 3, 30, 3, 30, 3, 30])
        #expect(ChunkController.shifted(chunk, rows: 4, dimension: 2, by: 4) == [3, 30, 3, 30, 3, 30, 3, 30])
    }

    /// A warm start is the previous chunk shifted by the executed steps, normalised, for
    /// m = 1 (replanning every step) and m = Ta (the policy's horizon).
    @Test(arguments: [1, 2])
    func warmStartIsThePreviousChunkShifted(every: Int) throws {
        let policy = try tinyPolicy(family: .diffusion)
        #expect(policy.configuration.actionHorizon == 2)
        let controller = try ChunkController(policy: policy, sampler: Self.rti(.ddim(10), start: 2, every: every),
                                             batchSize: 3, seed: 4)
        Self.start(controller)
        let plans = controller.plan(active: [true, true, true])
        #expect(plans.allSatisfy { $0.count == every })
        Self.advance(controller, steps: every)
        let n = policy.chunkSize
        for slot in 0..<3 {
            let previous = Array(controller.lastChunks[(slot * n)..<((slot + 1) * n)])
            let expected = policy.actionNormalizer.normalized(
                ChunkController.shifted(previous, rows: 4, dimension: 2, by: every))
            #expect(controller.warmStartChunk(slot: slot) == expected)
            // Executed rows are the chunk's rows from To - 1 = 1.
            #expect(plans[slot][0] == [Double(previous[2]), Double(previous[3])])
        }
    }

    /// With actions relative to an observation, the shift happens on absolute actions and
    /// the result is made relative to the newest observation again.
    @Test func relativeActionsShiftAbsoluteTargets() throws {
        var c = try tinyPolicy(family: .diffusion).configuration
        c.actionsRelativeTo = [0, 1]
        var g = RandomSource(seed: 1)
        let policy = try Policy(configuration: c, observationSize: 3, actionSize: 2,
                                observationNormalizer: Normalizer(minimum: [-1, -1, -1], maximum: [1, 1, 1]),
                                actionNormalizer: Normalizer(minimum: [-2, -2], maximum: [2, 2]), random: &g)
        let controller = try ChunkController(policy: policy, sampler: Self.rti(.ddpm, start: 3, every: 1), batchSize: 1, seed: 2)
        Self.start(controller)
        _ = controller.plan(active: [true])
        Self.advance(controller, steps: 1)
        let newest = Array(controller.history(slot: 0).suffix(3))
        var expected = ChunkController.shifted(controller.lastChunks, rows: 4, dimension: 2, by: 1)
        for j in 0..<4 { expected[2 * j] -= newest[0]; expected[2 * j + 1] -= newest[1] }
        #expect(controller.warmStartChunk(slot: 0) == policy.actionNormalizer.normalized(expected))
    }

    /// RTI starting from the full schedule (start = every step) with no shift is the full
    /// sampler: the first chunk of an episode equals the base sampler's bit for bit, for
    /// every family and prediction, DDPM's posterior noise included.
    @Test(arguments: policies.indices)
    func fullScheduleReproducesTheFullSampler(index: Int) throws {
        let (family, prediction, base) = Self.policies[index]
        let policy = try tinyPolicy(family: family, prediction: prediction)
        let count = base.functionEvaluations(schedule: policy.schedule)
        for start in [count, Sampler.defaultWarmStartSteps] {
            let cold = try ChunkController(policy: policy, sampler: base, batchSize: 3, seed: 9)
            let rti = try ChunkController(policy: policy, sampler: Self.rti(base, start: start), batchSize: 3, seed: 9)
            Self.start(cold)
            Self.start(rti)
            let active = [true, false, true]
            #expect(rti.plan(active: active) == cold.plan(active: active))
            #expect(rti.lastChunks == cold.lastChunks)
            #expect(rti.functionEvaluations == 2 * count)
        }
        // And the sampler's grid run in two parts is the whole run.
        let sampler = try policy.makeSampler(Self.rti(base, start: 2), batchSize: 2)
        let condition = Matrix(rows: 2, columns: policy.conditionSize, values: (0..<(2 * policy.conditionSize)).map { Float($0) * 0.05 })
        var noise = RandomSource(seed: 3)
        let whole = Matrix(rows: 2, columns: policy.chunkSize)
        noise.fillGaussian(whole)
        let parts = Matrix(rows: 2, columns: policy.chunkSize, values: whole.values)
        var g1 = RandomSource(seed: 5), g2 = RandomSource(seed: 5)
        sampler.sample(condition: condition, x: whole, generator: &g1)
        sampler.setCondition(condition)
        sampler.run(x: parts, range: 0..<(sampler.stepCount - 2), generator: &g2)
        sampler.run(x: parts, range: (sampler.stepCount - 2)..<sampler.stepCount, generator: &g2)
        #expect(parts.values == whole.values)
    }

    /// Later plans cost `start` evaluations per slot; a slot that starts a new episode
    /// samples from noise again while the others stay warm.
    @Test func resetSlotsStartFromNoiseAgain() throws {
        let policy = try tinyPolicy(family: .diffusion)
        let controller = try ChunkController(policy: policy, sampler: Self.rti(.ddim(10), start: 3, every: 1), batchSize: 2, seed: 1)
        Self.start(controller)
        _ = controller.plan(active: [true, true])
        #expect(controller.functionEvaluations == 20)
        Self.advance(controller, steps: 1)
        _ = controller.plan(active: [true, true])
        #expect(controller.functionEvaluations == 26)
        controller.reset(slot: 1, observation: [0, 0, 0], noiseSeed: 99)
        Self.advance(controller, steps: 1)
        _ = controller.plan(active: [true, true])
        #expect(controller.functionEvaluations == 26 + 3 + 10)
        #expect(controller.plannedChunks == 6)
        // The fresh slot's chunk is what a cold controller gives the same episode.
        let cold = try ChunkController(policy: policy, sampler: .ddim(10), batchSize: 2, seed: 1)
        cold.reset(slot: 1, observation: [0, 0, 0], noiseSeed: 99)
        cold.observe(slot: 1, observation: controller.history(slot: 1).suffix(3).map(Double.init))
        _ = cold.plan(active: [false, true])
        #expect(Array(controller.lastChunks[8..<16]) == Array(cold.lastChunks[8..<16]))
    }

    /// Re-noising draws from the episode's own stream: the same episode seed gives the
    /// same chunks, another seed other chunks.
    @Test func renoisingIsSeededPerEpisode() throws {
        let policy = try tinyPolicy(family: .flow)
        func chunks(seed: UInt64) throws -> [Float] {
            let controller = try ChunkController(policy: policy, sampler: Self.rti(.euler(8), start: 3, every: 1, renoise: true),
                                                 batchSize: 2, seed: 1)
            Self.start(controller, seed: seed)
            _ = controller.plan(active: [true, true])
            Self.advance(controller, steps: 1)
            _ = controller.plan(active: [true, true])
            return controller.lastChunks
        }
        #expect(try chunks(seed: 3) == chunks(seed: 3))
        #expect(try chunks(seed: 3) != chunks(seed: 4))
    }

    @Test func refusesWhatRTICannotServe() throws {
        let diffusion = try tinyPolicy(family: .diffusion), flow = try tinyPolicy(family: .flow)
        #expect(throws: PolicyError.self) { try ChunkController(policy: diffusion, sampler: Self.rti(.euler(8), start: 2), batchSize: 1, seed: 0) }
        #expect(throws: PolicyError.self) { try ChunkController(policy: flow, sampler: Self.rti(.ddpm, start: 2), batchSize: 1, seed: 0) }
        #expect(throws: PolicyError.self) { try ChunkController(policy: diffusion, sampler: Self.rti(.ddim(10), start: 11), batchSize: 1, seed: 0) }
        #expect(throws: PolicyError.self) { try ChunkController(policy: diffusion, sampler: Self.rti(.ddpm, start: 0), batchSize: 1, seed: 0) }
        // H = 4, To = 2: at most 3 steps from the current one.
        #expect(throws: PolicyError.self) { try ChunkController(policy: diffusion, sampler: Self.rti(.ddpm, start: 2, every: 4), batchSize: 1, seed: 0) }
        #expect(throws: PolicyError.self) { try ChunkController(policy: diffusion, sampler: Sampler(.ddim, steps: 5, renoise: true), batchSize: 1, seed: 0) }
    }
}
