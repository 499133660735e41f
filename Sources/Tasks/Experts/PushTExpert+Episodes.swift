import Dispatch
import Physics2D
import Synchronization

/// One expert demonstration: at every step, the observation and the chunk the expert
/// returned from that exact state; the executed action is the chunk's first target.
public struct ExpertDemonstration: Sendable {
    public var start: ResetState
    /// Observations before each step (`PushTEnvironment` layout).
    public var observations: [[Double]]
    /// The chunk recorded at each step: `horizon` absolute targets (world units).
    public var chunks: [[Vec2]]
    /// Coverage after each step.
    public var coverages: [Double]
    /// Coverage went above the threshold (the episode ends there).
    public var success: Bool

    /// Steps taken.
    public var steps: Int { chunks.count }
    /// Executed actions: the first target of each chunk.
    public var actions: [Vec2] { chunks.map { $0[0] } }
    public var maxCoverage: Double { coverages.max() ?? 0 }
}

extension PushTExpert {
    /// Runs one episode from `start` with the expert re-planning every step, and records it.
    /// - Parameter maxSteps: the episode limit (the scene's by default).
    public func runEpisode(from start: ResetState, preference: Preference = .none, maxSteps: Int? = nil,
                           observation: PushTEnvironment.ObservationKind = .state) throws(PhysicsError) -> ExpertDemonstration {
        var env = try PushTEnvironment(scene: scene, observation: observation)
        try env.reset(to: start)
        let limit = maxSteps ?? scene.maxSteps
        var demo = ExpertDemonstration(start: start, observations: [], chunks: [], coverages: [], success: false)
        while demo.steps < limit {
            let chunk = act(env.simulator, preference: preference)
            demo.observations.append(env.observation())
            demo.chunks.append(chunk)
            let result = try env.step(target: chunk[0])
            demo.coverages.append(env.currentCoverage)
            if result.terminated {
                demo.success = true
                break
            }
        }
        return demo
    }

    /// Runs one episode per start, `threads` episodes at a time. Results are in start order
    /// and do not depend on the thread count.
    public func demonstrations(from starts: [ResetState], preferences: [Preference]? = nil,
                               threads: Int) throws -> [ExpertDemonstration] {
        precondition(preferences == nil || preferences!.count == starts.count, "one preference per start")
        let slots = Mutex([ExpertDemonstration?](repeating: nil, count: starts.count))
        let nextIndex = Atomic<Int>(0)
        let errors = ErrorSlot()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, starts.count))) { _ in
            while true {
                let i = nextIndex.add(1, ordering: .relaxed).oldValue
                guard i < starts.count else { return }
                do {
                    let demo = try runEpisode(from: starts[i], preference: preferences?[i] ?? .none)
                    slots.withLock { $0[i] = demo }
                } catch {
                    errors.record(error)
                    return
                }
            }
        }
        if let error = errors.first { throw error }
        return slots.withLock { $0.map { $0! } }
    }

    /// Success rate, episode lengths and speed over `episodes` random resets drawn from
    /// `generator` (then one preference per episode when randomised), `threads` at a time.
    public func evaluate(episodes: Int, threads: Int,
                         using generator: inout some RandomNumberGenerator) throws -> ExpertEvaluation {
        let env = try PushTEnvironment(scene: scene)
        let starts = (0..<episodes).map { _ in env.randomState(using: &generator) }
        let preferences = starts.map { _ in preference(using: &generator) }
        let clock = ContinuousClock()
        var demos: [ExpertDemonstration] = []
        let elapsed = try clock.measure {
            demos = try demonstrations(from: starts, preferences: preferences, threads: threads)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return ExpertEvaluation(demonstrations: demos, seconds: seconds, threads: threads)
    }
}
