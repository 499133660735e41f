import Dispatch

/// Wall-clock seconds spent in each phase of `BehaviourCloning.trainStep()`, summed over
/// the steps taken while the trainer's `profile` is set. For `pushforward bench`: the
/// phases are timed with a monotonic clock read between them (eight reads a step, well
/// under a microsecond against a step of milliseconds), so profiling does not change
/// what it measures.
public struct TrainingStepProfile: Sendable {
    /// The phases of one step, in the order they run.
    public enum Phase: String, Sendable, CaseIterable {
        /// Drawing example indices and copying their conditions and chunks; noising the
        /// chunks into the network input and writing the target.
        case batchAssembly = "batch_assembly"
        /// The Gaussian noise of the batch.
        case noiseDraws = "noise_draws"
        /// The network's forward pass and the loss with its gradient.
        case forward
        /// The backward pass: every parameter gradient.
        case backward
        /// The global norm of the gradient, for clipping.
        case clipping
        /// The AdamW update, with the clipping's scale, and the EMA of the weights (one
        /// fused pass over memory).
        case optimizerAndAverage = "adamw_ema"
    }

    /// Seconds per phase, indexed like `Phase.allCases`.
    public private(set) var seconds = [Double](repeating: 0, count: Phase.allCases.count)
    /// Steps profiled.
    public internal(set) var steps = 0

    public init() {}

    /// Seconds spent in `phase` over all profiled steps.
    public subscript(phase: Phase) -> Double {
        seconds[Phase.allCases.firstIndex(of: phase)!]
    }

    /// Seconds of all phases together.
    public var total: Double { seconds.reduce(0, +) }

    mutating func add(_ phase: Phase, _ elapsed: Double) {
        seconds[Phase.allCases.firstIndex(of: phase)!] += elapsed
    }
}

/// Times consecutive phases: `lap(phase)` charges the time since the previous lap (or
/// `start`) to `phase`. Inactive (no clock reads) when there is no profile to fill.
struct PhaseTimer {
    private var last: UInt64
    let active: Bool

    init(active: Bool) {
        self.active = active
        last = active ? DispatchTime.now().uptimeNanoseconds : 0
    }

    @inline(__always)
    mutating func lap(_ phase: TrainingStepProfile.Phase, into profile: inout TrainingStepProfile?) {
        guard active else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        profile?.add(phase, Double(now - last) * 1e-9)
        last = now
    }
}
