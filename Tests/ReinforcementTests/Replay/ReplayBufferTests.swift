import NeuralNet
import Testing
@testable import Reinforcement

@Suite struct ReplayBufferTests {
    /// Transition `i`: o = [i, i + 0.5], a = [-i], r = 10 i, o' = [i + 1, i + 1.5], d = 0.9 (0 every 4th).
    private func fill(_ buffer: ReplayBuffer, _ range: Range<Int>) {
        for i in range {
            let x = Float(i)
            buffer.append(observation: [x, x + 0.5], action: [-x], reward: 10 * x, nextObservation: [x + 1, x + 1.5],
                          discount: i % 4 == 3 ? 0 : 0.9)
        }
    }

    @Test func ringOverwritesTheOldestFirst() {
        let buffer = ReplayBuffer(capacity: 4, observationSize: 2, actionSize: 1)
        fill(buffer, 0..<3)
        #expect(buffer.count == 3 && buffer.writeIndex == 3 && !buffer.isFull)
        fill(buffer, 3..<6)
        #expect(buffer.count == 4 && buffer.writeIndex == 2 && buffer.isFull)
        // Slots 0, 1 hold transitions 4, 5; slots 2, 3 still hold 2, 3.
        #expect((0..<4).map { buffer.transition(at: $0).reward } == [40, 50, 20, 30])
        let t = buffer.transition(at: 1)
        #expect(t.observation == [5, 5.5] && t.action == [-5] && t.nextObservation == [6, 6.5] && t.discount == 0.9)
        #expect(buffer.transition(at: 3).discount == 0)
    }

    @Test func batchedAppendMatchesOneByOne() {
        let single = ReplayBuffer(capacity: 3, observationSize: 2, actionSize: 1)
        fill(single, 0..<5)
        let batched = ReplayBuffer(capacity: 3, observationSize: 2, actionSize: 1)
        let n = 5
        let o = Matrix(rows: n, columns: 2), a = Matrix(rows: n, columns: 1), next = Matrix(rows: n, columns: 2)
        for i in 0..<n {
            let x = Float(i)
            o[i, 0] = x; o[i, 1] = x + 0.5; a[i, 0] = -x; next[i, 0] = x + 1; next[i, 1] = x + 1.5
        }
        batched.append(observations: o, actions: a, rewards: (0..<n).map { 10 * Float($0) }, nextObservations: next,
                       discounts: (0..<n).map { $0 % 4 == 3 ? 0 : 0.9 })
        #expect(batched.tensors() == single.tensors())
    }

    @Test func samplingIsDeterministicForASeedAndCoversTheBuffer() {
        let buffer = ReplayBuffer(capacity: 16, observationSize: 2, actionSize: 1)
        fill(buffer, 0..<10)
        let first = ReplayBatch(size: 64, observationSize: 2, actionSize: 1)
        let second = ReplayBatch(size: 64, observationSize: 2, actionSize: 1)
        var g1 = RandomSource(seed: 5), g2 = RandomSource(seed: 5)
        buffer.sample(into: first, using: &g1)
        buffer.sample(into: second, using: &g2)
        #expect(first.observations.values == second.observations.values && first.rewards.values == second.rewards.values)
        #expect(g1 == g2)
        // Rows are whole transitions, and all ten show up in 64 draws.
        for r in 0..<64 {
            let i = first.observations[r, 0]
            #expect(first.observations[r, 1] == i + 0.5 && first.actions[r, 0] == -i && first.rewards[r, 0] == 10 * i
                    && first.nextObservations[r, 0] == i + 1 && first.discounts[r, 0] == (Int(i) % 4 == 3 ? 0 : 0.9))
        }
        #expect(Set(first.rewards.values).count == 10)
        var g3 = RandomSource(seed: 6)
        buffer.sample(into: second, using: &g3)
        #expect(first.rewards.values != second.rewards.values)
    }

    @Test func tensorsRoundTripThroughSafetensors() throws {
        let buffer = ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1)
        fill(buffer, 0..<7)
        let bytes = SafeTensors.encode(SafeTensorsFile(tensors: buffer.tensors()))
        let restored = ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1)
        fill(restored, 100..<101)
        try restored.restore(from: SafeTensors.decode(bytes, file: "replay.safetensors").tensors)
        #expect(restored.tensors() == buffer.tensors())
        #expect(restored.count == 5 && restored.writeIndex == 2)
        // Same draws after the restore, and the ring continues where it was.
        let a = ReplayBatch(size: 8, observationSize: 2, actionSize: 1), b = ReplayBatch(size: 8, observationSize: 2, actionSize: 1)
        var g1 = RandomSource(seed: 9), g2 = RandomSource(seed: 9)
        buffer.sample(into: a, using: &g1)
        restored.sample(into: b, using: &g2)
        #expect(a.observations.values == b.observations.values)
        fill(buffer, 7..<9)
        fill(restored, 7..<9)
        #expect(restored.tensors() == buffer.tensors())
    }

    @Test func restoreRefusesAnotherCapacity() {
        let buffer = ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1)
        fill(buffer, 0..<3)
        let other = ReplayBuffer(capacity: 6, observationSize: 2, actionSize: 1)
        #expect(throws: SafeTensorsError(file: "ckpt", problem: "the replay buffer was saved with capacity 5, this one has 6")) {
            try other.restore(from: buffer.tensors(), file: "ckpt")
        }
        #expect(other.count == 0)
    }
}
