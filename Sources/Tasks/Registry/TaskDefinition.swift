import Physics2D

/// One task instantiated for one scene: everything the pipelines need beyond
/// `Environment` — how to start environments, what to measure and draw, and the scripted
/// expert as demonstrator (whole episodes) and as teacher (a chunk for any state).
///
/// `PushTTask` and `ReachTask` conform; `TaskRegistry` makes one from a scene file, so the
/// pipelines above (rollouts, demos, training, evaluation) never switch on the family.
public protocol TaskDefinition: Sendable {
    associatedtype Env: Environment

    /// The scene's name (run folders, dataset metadata).
    var sceneName: String { get }
    var observationSize: Int { get }
    var actionSize: Int { get }

    /// A fresh environment of the scene, before its first reset. Deterministic: two
    /// calls give identical environments, so a copy of one serves as a template.
    func makeEnvironment() throws -> Env
    /// Share of the goal covered (Push-T's coverage) in the environment's current state;
    /// nil for tasks without it.
    func coverage(_ environment: Env) -> Double?
    /// The frame to draw, with the action about to be executed (task units).
    func drawList(_ environment: Env, action: [Double]?) -> DrawList
    /// The frame with the contact points (world units) solved in the last step; tasks
    /// that draw no contacts ignore them.
    func drawList(_ environment: Env, action: [Double]?, contacts: [Vec2]) -> DrawList
    /// Seconds of simulated time per control step (physics `dt` times substeps): what
    /// "live" means when an episode is shown in real time.
    var controlPeriod: Double { get }
    /// Distance (world units) from the task's effector to its goal, for tasks that
    /// measure one (Reach: tip to target); nil otherwise.
    func distanceToGoal(_ environment: Env) -> Double?
    /// The world point (world units, y down) that `action` commands, for drawing action
    /// chunks over the scene (Push-T: the pusher's target; Reach: the tip of the
    /// commanded configuration); nil when an action has no such point.
    func point(of action: [Double], in environment: Env) -> Vec2?
    /// The action that commands `point` (world units), the inverse of `point(of:in:)`, for
    /// teleoperation with a mouse; nil when the task has no such action.
    func action(toward point: Vec2, in environment: Env) -> [Double]?
    /// A short label of how an episode went about it (elbow sign, detour side), from the
    /// observations it visited; nil when the task has no modes.
    func mode(of observations: [[Double]]) -> String?

    /// The expert's name and version, for dataset metadata.
    var expertName: String { get }
    /// Rows in the expert's chunks.
    var expertHorizon: Int { get }
    /// One expert episode from a fresh reset drawn from `generator`; `frame` receives a
    /// draw list per step when given.
    func demonstrate(using generator: inout some RandomNumberGenerator,
                     frame: ((DrawList) -> Void)?) throws -> ExpertEpisode
    /// The expert's chunk from the environment's current state (the DAgger teacher).
    func teach(_ environment: Env) throws -> [[Double]]
}

extension TaskDefinition {
    public func coverage(_ environment: Env) -> Double? { nil }
    public func mode(of observations: [[Double]]) -> String? { nil }
    public func drawList(_ environment: Env, action: [Double]?, contacts: [Vec2]) -> DrawList {
        drawList(environment, action: action)
    }
    public func distanceToGoal(_ environment: Env) -> Double? { nil }
    public func point(of action: [Double], in environment: Env) -> Vec2? { nil }
    public func action(toward point: Vec2, in environment: Env) -> [Double]? { nil }
}
