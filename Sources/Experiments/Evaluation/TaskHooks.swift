import NeuralNet
import Physics2D
import Policies
import Tasks

/// What the evaluator needs to know about a task family beyond `Environment`.
public struct TaskHooks<Env: Environment>: Sendable {
    /// A fresh environment of the scene.
    public var make: @Sendable () throws -> Env
    /// Starts an episode from the generator; returns the first observation.
    public var reset: @Sendable (inout Env, inout RandomSource) throws -> [Double]
    /// Push-T coverage of the current state (nil for tasks without it).
    public var coverage: @Sendable (Env) -> Double?
    /// The frame to draw, with the action about to be executed.
    public var draw: @Sendable (Env, [Double]?) -> DrawList
    /// A short label of how the episode went about it (e.g. elbow and detour side), from
    /// the observations it visited; nil when the task has no modes.
    public var mode: @Sendable ([[Double]]) -> String?
}

extension TaskHooks where Env == PushTEnvironment {
    public static func pushT(_ scene: PushTScene, observation: PushTEnvironment.ObservationKind = .state) -> TaskHooks {
        TaskHooks(
            make: { try PushTEnvironment(scene: scene, observation: observation) },
            reset: { env, g in try env.reset(using: &g) },
            coverage: { $0.currentCoverage },
            draw: { env, action in env.drawList(action: action.map { Vec2($0[0], $0[1]) }) },
            mode: { _ in nil })
    }
}

extension TaskHooks where Env == ReachEnvironment {
    public static func reach(_ scene: ReachScene) -> TaskHooks {
        TaskHooks(
            make: { try ReachEnvironment(scene: scene) },
            reset: { env, g in try env.reset(using: &g) },
            coverage: { _ in nil },
            draw: { env, action in env.drawList(action: action) },
            mode: { observations in ReachModes.classify(observations, hasObstacle: scene.obstacle != nil) })
    }
}

/// Labels a reach trajectory by its elbow sign at the end and, with an obstacle, by the
/// side of the straight joint-space path it went around on (the sign of the area swept
/// between the path taken and the straight one).
public enum ReachModes {
    public static func classify(_ observations: [[Double]], hasObstacle: Bool) -> String? {
        guard let first = observations.first, let last = observations.last else { return nil }
        let elbow = last[1] >= 0 ? "elbow+" : "elbow-"
        guard hasObstacle else { return elbow }
        let d = ReachEnvironment.jointDifference([last[0], last[1]], [first[0], first[1]])
        var area = 0.0
        for o in observations {
            let e = ReachEnvironment.jointDifference([o[0], o[1]], [first[0], first[1]])
            area += d[0] * e[1] - d[1] * e[0]
        }
        return elbow + (area >= 0 ? " side+" : " side-")
    }
}
