/// One recorded expert episode on a task: what the policy will imitate.
public struct ExpertEpisode: Sendable {
    /// Observation at every step, before acting.
    public var observations: [[Double]] = []
    /// The expert's chunk at every step (horizon x action size); the first row was executed.
    public var chunks: [[[Double]]] = []
    public var success = false
    /// Free-form tag of the episode's mode (e.g. `elbow+1 side-1`).
    public var mode = ""

    public init() {}

    public var length: Int { observations.count }
}

extension ReachExpert {
    /// Runs one episode from the environment's current state, re-planning every step and
    /// executing the first target of each chunk.
    /// `onStep` sees the environment and the action about to be executed (for frames).
    public func rollout(_ env: inout ReachEnvironment, mode: Mode,
                        onStep: ((ReachEnvironment, [Double]) -> Void)? = nil) throws -> ExpertEpisode {
        var episode = ExpertEpisode()
        episode.mode = "elbow\(mode.elbow > 0 ? "+" : "-")"
            + (env.scene.obstacle == nil ? "" : " side\(mode.side > 0 ? "+" : "-")")
        while env.stepIndex < env.maxSteps {
            let chunk = self.chunk(for: env, mode: mode)
            episode.observations.append(env.observation())
            episode.chunks.append(chunk)
            onStep?(env, chunk[0])
            let result = try env.step(chunk[0])
            if result.terminated {
                episode.success = true
                break
            }
        }
        return episode
    }
}
