import NeuralNet
import Testing
@testable import Policies
@testable import Reinforcement

/// DSRL-NA: the base policy as a function of its noise, deterministic and resumable
/// updates, and learning a noise that makes the base policy do what pays.
@Suite struct NoiseAliasingTests {
    /// A tiny random diffusion policy: 3 observation numbers, 2 action numbers, To = 2,
    /// H = 4, Ta = 2 (so the executed actions are steps 1 and 2 of the chunk).
    static func base(seed: UInt64 = 1) throws -> Policy {
        var c = PolicyConfiguration()
        c.width = 16
        c.blocks = 1
        c.timeEmbedding = 8
        c.timeHidden = 16
        c.observationHorizon = 2
        c.predictionHorizon = 4
        c.actionHorizon = 2
        var g = RandomSource(seed: seed)
        return try Policy(configuration: c, observationSize: 3, actionSize: 2,
                          observationNormalizer: Normalizer(minimum: .init(repeating: -1, count: 3), maximum: .init(repeating: 1, count: 3)),
                          actionNormalizer: Normalizer(minimum: .init(repeating: -1, count: 2), maximum: .init(repeating: 1, count: 2)),
                          random: &g)
    }

    @Test("the action map is the executed rows of the sampler's chunk, for every row of both halves")
    func actionMapMatchesTheSampler() throws {
        let policy = try Self.base()
        let sampler = Sampler.ddim(3), rows = 7
        let map = try BaseActionMap(policy: policy, sampler: sampler, batchSize: rows)
        var random = RandomSource(seed: 5)
        let observations = Matrix(rows: rows, columns: policy.conditionSize)
        let noise = Matrix(rows: rows, columns: policy.chunkSize)
        random.fillUniform(observations, -1, 1)
        random.fillGaussian(noise)
        let executed = Matrix(rows: rows, columns: map.size)
        for half in 0..<2 { map.actions(half: half, observations: observations, noise: noise, into: executed) }
        #expect(map.size == 4)

        // One row at a time through a batch-1 sampler: rounding may differ, nothing else.
        let single = try policy.makeSampler(sampler, batchSize: 1)
        var unused = RandomSource(seed: 0)
        for r in 0..<rows {
            let condition = Matrix(rows: 1, columns: policy.conditionSize), x = Matrix(rows: 1, columns: policy.chunkSize)
            condition.row(0).update(from: observations.row(r), count: policy.conditionSize)
            x.row(0).update(from: noise.row(r), count: policy.chunkSize)
            single.sample(condition: condition, x: x, generator: &unused)
            for j in 0..<4 { #expect(abs(executed[r, j] - x[0, 2 + j]) < 1e-5, "row \(r) value \(j)") }
        }
    }

    /// A one-step bandit over the base policy's actions: the reward is highest when the
    /// first executed action is near `(0.5, -0.5)`; every transition is terminal.
    final class Bandit {
        let agent: NoiseAliasing
        let buffer: ReplayBuffer
        let policy: Policy
        let map: BaseActionMap
        var updates = RandomSource(seed: SeedDomain.rlUpdates.seed(3))
        var acting = RandomSource(seed: SeedDomain.rlActing.seed(3))
        var environment = RandomSource(seed: 4)

        init(threads: Int, networkSeed: UInt64 = 2) throws {
            policy = try NoiseAliasingTests.base()
            var options = tinyOptions(batchSize: 32, width: 32)
            options.initialAlpha = 0.01
            options.actionBound = 1.5
            options.learningRate = 1e-3
            var random = RandomSource(seed: SeedDomain.rlNetworks.seed(networkSeed))
            let sac = try SAC(observationSize: policy.conditionSize, actionSize: policy.chunkSize, options: options,
                              random: &random)
            sac.threads = threads
            agent = try NoiseAliasing(sac: sac, base: policy, sampler: .ddim(2), random: &random)
            buffer = ReplayBuffer(capacity: 4096, observationSize: policy.conditionSize, actionSize: policy.chunkSize)
            map = try BaseActionMap(policy: policy, sampler: .ddim(2), batchSize: 32)
        }

        /// The reward of the base policy's first executed action for each row of `noise`.
        func rewards(observations: Matrix, noise: Matrix) -> [Float] {
            let executed = Matrix(rows: observations.rows, columns: map.size)
            for half in 0..<2 { map.actions(half: half, observations: observations, noise: noise, into: executed) }
            return (0..<observations.rows).map { r in
                let dx = executed[r, 0] - 0.5, dy = executed[r, 1] + 0.5
                return -(dx * dx + dy * dy)
            }
        }

        func observations() -> Matrix {
            let o = Matrix(rows: 32, columns: policy.conditionSize)
            environment.fillUniform(o, -1, 1)
            return o
        }

        /// Acts on 32 observations, stores the transitions, takes `updates` gradient steps.
        func iterate(_ count: Int, updatesPerRound: Int = 1) throws {
            for _ in 0..<count {
                let o = observations()
                let w = agent.sac.act(observations: o, deterministic: false, generator: &acting)
                buffer.append(observations: o, actions: w, rewards: rewards(observations: o, noise: w), nextObservations: o,
                              discounts: Array(repeating: 0, count: 32))
                for _ in 0..<updatesPerRound { try agent.gradientStep(buffer: buffer, generator: &updates) }
            }
        }
    }

    @Test("updates are the same bit for bit on one or two threads, and after a save and restore")
    func deterministicAndResumable() throws {
        let straight = try Bandit(threads: 1)
        try straight.iterate(6)
        let paired = try Bandit(threads: 2)
        try paired.iterate(6)
        let first = try Bandit(threads: 1)
        try first.iterate(3)
        let saved = SafeTensors.encode(SafeTensorsFile(tensors: first.agent.tensors()))
        let resumed = try Bandit(threads: 1, networkSeed: 77)
        try resumed.agent.restore(from: try SafeTensors.decode(saved, file: "agent").tensors, file: "agent")
        // The rest of the learner state (buffer, generators) carries over by hand.
        for r in [resumed] {
            try r.buffer.restore(from: first.buffer.tensors(), file: "buffer")
            r.updates = first.updates
            r.acting = first.acting
            r.environment = first.environment
        }
        try resumed.iterate(3)
        let expected = straight.agent.tensors()
        #expect(expected.keys.contains { $0.hasPrefix("na.action_critics.1.") })
        #expect(expected.keys.contains { $0.hasPrefix("na.adam.action_critic0.") })
        for (name, other) in [("two threads", paired), ("resumed", resumed)] {
            let actual = other.agent.tensors()
            #expect(expected.keys.sorted() == actual.keys.sorted())
            for key in expected.keys.sorted() { #expect(expected[key] == actual[key], "\(name): \(key) differs") }
        }
    }

    @Test("restoring checks names and shapes")
    func restoreRefusesMismatches() throws {
        let bandit = try Bandit(threads: 1)
        var tensors = bandit.agent.tensors()
        tensors.removeValue(forKey: "na.action_critics.0.head.weight")
        #expect(throws: (any Error).self) { try bandit.agent.restore(from: tensors, file: "agent") }
        tensors = bandit.agent.tensors()
        tensors["na.action_critics.9.head.weight"] = TensorData(floats: [0], shape: [1])
        #expect(throws: (any Error).self) { try bandit.agent.restore(from: tensors, file: "agent") }
    }

    @Test("the latent actor learns a noise whose base action pays more than the base policy's own noise")
    func learnsTheBandit() throws {
        let bandit = try Bandit(threads: 1)
        let o = bandit.observations()
        var noise = RandomSource(seed: 8)
        let w = Matrix(rows: 32, columns: bandit.policy.chunkSize)
        noise.fillGaussian(w)
        let before = bandit.rewards(observations: o, noise: w).reduce(0, +) / 32
        try bandit.iterate(100, updatesPerRound: 4)
        var unused = RandomSource(seed: 0)
        let learned = bandit.agent.sac.act(observations: o, deterministic: true, generator: &unused)
        let after = bandit.rewards(observations: o, noise: learned).reduce(0, +) / 32
        #expect(after > before + 0.4 * abs(before), "mean reward \(before) with N(0, I) noise, \(after) learned")
    }
}
