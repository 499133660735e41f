/// Expert demonstrations, flattened the way Diffusion Policy and LeRobot store them:
/// every step of every episode in order, with the index one past each episode's end.
///
/// Stored as safetensors (see `Experiments`): `obs` [steps, obs_dim] f32, `action`
/// [steps, act_dim] f32 (the executed action), `chunk` [steps, horizon, act_dim] f32 (the
/// expert's whole chunk from that exact state — the training target of a Markovian
/// expert), `episode_ends` [episodes] i64, plus string metadata.
public struct DemonstrationDataset: Sendable, Equatable {
    public var observationSize: Int
    public var actionSize: Int
    public var horizon: Int
    /// Row-major [steps, observationSize].
    public var observations: [Float]
    /// Row-major [steps, actionSize].
    public var actions: [Float]
    /// Row-major [steps, horizon, actionSize].
    public var chunks: [Float]
    /// One past the last step of each episode; strictly increasing, last == steps.
    public var episodeEnds: [Int]
    /// Whether each kept episode succeeded.
    public var episodeSuccess: [Bool]
    /// Scene name and hash, expert, seeds and other provenance.
    public var metadata: [String: String]

    public init(observationSize: Int, actionSize: Int, horizon: Int, metadata: [String: String] = [:]) {
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.horizon = horizon
        self.observations = []
        self.actions = []
        self.chunks = []
        self.episodeEnds = []
        self.episodeSuccess = []
        self.metadata = metadata
    }

    public var stepCount: Int { episodeEnds.last ?? 0 }
    public var episodeCount: Int { episodeEnds.count }

    /// Appends an episode; its chunks must have `horizon` rows of `actionSize` numbers.
    public mutating func append(_ episode: ExpertEpisode) {
        precondition(episode.observations.allSatisfy { $0.count == observationSize }, "observation size")
        for (observation, chunk) in zip(episode.observations, episode.chunks) {
            precondition(chunk.count == horizon && chunk.allSatisfy { $0.count == actionSize }, "chunk shape")
            observations += observation.map(Float.init)
            actions += chunk[0].map(Float.init)
            for row in chunk { chunks += row.map(Float.init) }
        }
        episodeEnds.append(stepCount + episode.length)
        episodeSuccess.append(episode.success)
    }

    /// The half-open step range of episode `i`.
    public func episodeRange(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : episodeEnds[i - 1])..<episodeEnds[i]
    }

    /// Checks the shapes and the episode index; the message says what is inconsistent.
    public func validate() throws(DatasetError) {
        let steps = stepCount
        guard observations.count == steps * observationSize else {
            throw .inconsistent("obs has \(observations.count) numbers, expected \(steps) x \(observationSize)")
        }
        guard actions.count == steps * actionSize else {
            throw .inconsistent("action has \(actions.count) numbers, expected \(steps) x \(actionSize)")
        }
        guard chunks.count == steps * horizon * actionSize else {
            throw .inconsistent("chunk has \(chunks.count) numbers, expected \(steps) x \(horizon) x \(actionSize)")
        }
        var previous = 0
        for (i, end) in episodeEnds.enumerated() {
            guard end > previous else { throw .inconsistent("episode_ends must increase strictly (entry \(i) is \(end))") }
            previous = end
        }
        guard episodeSuccess.count == episodeEnds.count else {
            throw .inconsistent("\(episodeSuccess.count) success flags for \(episodeEnds.count) episodes")
        }
    }
}

/// A dataset whose parts do not fit together.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    case inconsistent(String)

    public var description: String {
        switch self {
        case .inconsistent(let message): "inconsistent dataset: \(message)"
        }
    }
}
