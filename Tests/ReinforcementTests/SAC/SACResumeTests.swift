import NeuralNet
import Testing
@testable import Reinforcement

/// A run interrupted after N steps and resumed from tensors continues bit for bit.
@Suite struct SACResumeTests {
    /// The learner state of a tiny run: the SAC, its buffer and two generators (updates, acting).
    private final class Run {
        let sac: SAC
        let buffer: ReplayBuffer
        var updates: RandomSource
        var acting: RandomSource
        var environment: RandomSource

        init(initialisation seed: UInt64) throws {
            sac = try SAC(observationSize: 3, actionSize: 2, options: tinyOptions(batchSize: 8), seed: seed)
            buffer = randomBuffer(count: 24, capacity: 30, seed: 40)
            updates = RandomSource(seed: SeedDomain.rlUpdates.seed(41))
            acting = RandomSource(seed: SeedDomain.rlActing.seed(41))
            environment = RandomSource(seed: 42)
        }

        /// Acts on two random observations, stores the transitions, takes a gradient step.
        func iterate(_ count: Int) throws {
            for _ in 0..<count {
                let o = Matrix(rows: 2, columns: 3), next = Matrix(rows: 2, columns: 3)
                environment.fillUniform(o, -1, 1)
                environment.fillUniform(next, -1, 1)
                let a = sac.act(observations: o, deterministic: false, generator: &acting)
                let rewards = (0..<2).map { r in -(a[r, 0] - o[r, 0]) * (a[r, 0] - o[r, 0]) }
                buffer.append(observations: o, actions: a, rewards: rewards, nextObservations: next, discounts: [0.99, 0])
                try sac.gradientStep(buffer: buffer, generator: &updates)
            }
        }

        func tensors() -> [String: TensorData] {
            var tensors = sac.tensors().merging(buffer.tensors()) { a, _ in a }
            tensors["rng.updates"] = TensorData(int64: updates.state.map { Int64(bitPattern: $0) })
            tensors["rng.acting"] = TensorData(int64: acting.state.map { Int64(bitPattern: $0) })
            tensors["rng.environment"] = TensorData(int64: environment.state.map { Int64(bitPattern: $0) })
            return tensors
        }

        func restore(_ tensors: [String: TensorData]) throws {
            try sac.restore(from: tensors, file: "checkpoint")
            try buffer.restore(from: tensors, file: "checkpoint")
            func generator(_ name: String) throws -> RandomSource {
                RandomSource(state: try tensors[name]!.int64Values().map { UInt64(bitPattern: $0) })
            }
            updates = try generator("rng.updates")
            acting = try generator("rng.acting")
            environment = try generator("rng.environment")
        }
    }

    @Test func resumedRunIsBitIdenticalToAStraightOne() throws {
        let straight = try Run(initialisation: 1)
        try straight.iterate(12)

        let first = try Run(initialisation: 1)
        try first.iterate(5)
        let file = SafeTensors.encode(SafeTensorsFile(tensors: first.tensors()))
        // A fresh run with other weights, then the checkpoint.
        let resumed = try Run(initialisation: 99)
        try resumed.restore(try SafeTensors.decode(file, file: "checkpoint").tensors)
        #expect(resumed.sac.stepCount == 5)
        try resumed.iterate(7)

        #expect(straight.buffer.isFull && straight.sac.stepCount == 12)
        let expected = straight.tensors(), actual = resumed.tensors()
        #expect(expected.keys.sorted() == actual.keys.sorted())
        for name in expected.keys.sorted() { #expect(expected[name] == actual[name], "\(name) differs") }
    }
}
