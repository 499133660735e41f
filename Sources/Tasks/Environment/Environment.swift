/// A task in the spirit of gymnasium: reset, step, observation and action specs.
///
/// Environments are value types: a copy is an independent snapshot (experts and
/// evaluators copy freely). Observations and actions are `Double` in task units;
/// policies normalise them. Random draws take an explicit generator.
public protocol Environment: Sendable {
    /// Length of the observation vector.
    var observationSize: Int { get }
    /// Length of the action vector.
    var actionSize: Int { get }
    /// Steps taken in the current episode.
    var stepIndex: Int { get }
    /// The episode step limit (truncation).
    var maxSteps: Int { get }

    /// Starts a new episode from a random initial state.
    mutating func reset(using generator: inout some RandomNumberGenerator) throws -> [Double]
    /// The current observation.
    func observation() -> [Double]
    /// Applies one action (one control step).
    mutating func step(_ action: [Double]) throws -> StepResult
    /// Whether the current state counts as success.
    var isSuccess: Bool { get }
}

/// What one control step returns.
public struct StepResult: Sendable {
    public var observation: [Double]
    public var reward: Double
    /// The episode ended by the task's own rule (success).
    public var terminated: Bool
    /// The episode hit the step limit.
    public var truncated: Bool
    public var info: StepInfo

    public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool, info: StepInfo) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
}

/// Per-step details beyond the reward.
public struct StepInfo: Sendable {
    /// Push-T: share of the goal covered (nil for tasks without coverage).
    public var coverage: Double?
    public var isSuccess: Bool
    /// Contact points solved in the last physics step (world coordinates), for drawing.
    public var contactPoints: [(Double, Double)]

    public init(coverage: Double?, isSuccess: Bool, contactPoints: [(Double, Double)] = []) {
        self.coverage = coverage
        self.isSuccess = isSuccess
        self.contactPoints = contactPoints
    }
}
