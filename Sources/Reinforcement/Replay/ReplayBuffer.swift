import NeuralNet

/// A fixed-capacity ring of transitions `(o, a, r, o', d)` for off-policy learning.
///
/// `d` is the transition's discount-or-done: 0 when `o'` is terminal, otherwise the
/// discount to apply to `o'`'s value (`gamma`, or `gamma^k` for a transition spanning k
/// environment steps; see `SAC.Options.transitionDiscount`). A time-limit truncation is
/// not terminal. When the ring is full, a new transition overwrites the oldest.
///
/// DSRL keeps every transition of a run: pass the run's total number of transitions as
/// `capacity` (`SAC.Options.resolvedReplayCapacity`). Storage is reserved for the whole capacity up front but only touched as
/// transitions arrive, so an unfilled tail costs address space, not memory.
public final class ReplayBuffer {
    public let capacity: Int
    public let observationSize: Int
    public let actionSize: Int
    /// Transitions held (at most `capacity`).
    public internal(set) var count = 0
    /// The slot the next transition is written to (the oldest one once the ring is full).
    public internal(set) var writeIndex = 0
    /// Slot-major storage: slot `i` holds elements `i * size ..< (i + 1) * size`.
    var observations: [Float] = []
    var actions: [Float] = []
    var rewards: [Float] = []
    var nextObservations: [Float] = []
    var discounts: [Float] = []

    public init(capacity: Int, observationSize: Int, actionSize: Int) {
        precondition(capacity >= 1 && observationSize >= 1 && actionSize >= 1,
                     "a replay buffer needs a positive capacity and sizes")
        self.capacity = capacity
        self.observationSize = observationSize
        self.actionSize = actionSize
        observations.reserveCapacity(capacity * observationSize)
        actions.reserveCapacity(capacity * actionSize)
        rewards.reserveCapacity(capacity)
        nextObservations.reserveCapacity(capacity * observationSize)
        discounts.reserveCapacity(capacity)
    }

    /// Whether the ring has wrapped (every slot is filled).
    public var isFull: Bool { count == capacity }

    /// Stores one transition (`observation` and `nextObservation` of `observationSize`
    /// floats, `action` of `actionSize`).
    public func append(observation: [Float], action: [Float], reward: Float, nextObservation: [Float],
                       discount: Float) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize
                     && action.count == actionSize, "transition sizes do not match the buffer")
        observation.withUnsafeBufferPointer { o in
            action.withUnsafeBufferPointer { a in
                nextObservation.withUnsafeBufferPointer { next in
                    store(o.baseAddress!, a.baseAddress!, reward, next.baseAddress!, discount)
                }
            }
        }
    }

    /// Stores one transition per row (in row order): `observations` and
    /// `nextObservations` are `n x observationSize`, `actions` `n x actionSize`,
    /// `rewards` and `discounts` hold `n` values.
    public func append(observations: Matrix, actions: Matrix, rewards: [Float], nextObservations: Matrix,
                       discounts: [Float]) {
        let n = observations.rows
        precondition(observations.columns == observationSize && nextObservations.columns == observationSize
                     && actions.columns == actionSize && nextObservations.rows == n && actions.rows == n
                     && rewards.count == n && discounts.count == n, "transition batch shapes do not match the buffer")
        for r in 0..<n {
            store(observations.row(r), actions.row(r), rewards[r], nextObservations.row(r), discounts[r])
        }
    }

    private func store(_ o: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ reward: Float,
                       _ next: UnsafePointer<Float>, _ discount: Float) {
        let slot = writeIndex
        let os = observationSize, asz = actionSize
        if slot == rewards.count {
            // Still filling: slots are appended in order.
            observations.append(contentsOf: UnsafeBufferPointer(start: o, count: os))
            actions.append(contentsOf: UnsafeBufferPointer(start: a, count: asz))
            rewards.append(reward)
            nextObservations.append(contentsOf: UnsafeBufferPointer(start: next, count: os))
            discounts.append(discount)
        } else {
            observations.withUnsafeMutableBufferPointer { ($0.baseAddress! + slot * os).update(from: o, count: os) }
            actions.withUnsafeMutableBufferPointer { ($0.baseAddress! + slot * asz).update(from: a, count: asz) }
            rewards[slot] = reward
            nextObservations.withUnsafeMutableBufferPointer { ($0.baseAddress! + slot * os).update(from: next, count: os) }
            discounts[slot] = discount
        }
        writeIndex = (slot + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Fills `batch` with `batch.size` transitions drawn uniformly with replacement (one
    /// `generator.next()` per row, in row order). Allocates nothing.
    public func sample(into batch: ReplayBatch, using generator: inout RandomSource) {
        precondition(count > 0, "cannot sample from an empty replay buffer")
        precondition(batch.observations.columns == observationSize && batch.actions.columns == actionSize,
                     "batch shapes do not match the buffer")
        let os = observationSize, asz = actionSize, n = UInt64(count)
        observations.withUnsafeBufferPointer { o in
            actions.withUnsafeBufferPointer { a in
                nextObservations.withUnsafeBufferPointer { next in
                    for r in 0..<batch.size {
                        let i = Int(generator.next() % n)
                        batch.observations.row(r).update(from: o.baseAddress! + i * os, count: os)
                        batch.actions.row(r).update(from: a.baseAddress! + i * asz, count: asz)
                        batch.nextObservations.row(r).update(from: next.baseAddress! + i * os, count: os)
                        batch.rewards.pointer[r] = rewards[i]
                        batch.discounts.pointer[r] = discounts[i]
                    }
                }
            }
        }
    }

    /// The transition in `slot` (for inspection and tests).
    public func transition(at slot: Int) -> (observation: [Float], action: [Float], reward: Float,
                                            nextObservation: [Float], discount: Float) {
        precondition(slot >= 0 && slot < count, "slot \(slot) is not filled (count \(count))")
        let os = observationSize, asz = actionSize
        return (Array(observations[slot * os ..< (slot + 1) * os]), Array(actions[slot * asz ..< (slot + 1) * asz]),
                rewards[slot], Array(nextObservations[slot * os ..< (slot + 1) * os]), discounts[slot])
    }
}
