import Physics2D

/// The reach expert of `specs/reach.md`: inverse kinematics for the target, then a
/// smooth capped-velocity path in joint space, through a waypoint around the obstacle
/// when the direct path would hit it.
///
/// It is Markovian: `chunk(for:mode:)` is a pure function of the environment state and
/// the episode's mode (elbow sign, detour side), so it can label any state. The path
/// goes straight for the goal whenever the straight joint-space path from the current
/// configuration is free, and otherwise heads for the detour waypoint on the mode's side.
public struct ReachExpert: Sendable {
    /// The two choices that make reach demonstrations multimodal.
    public struct Mode: Hashable, Sendable {
        /// +1 or -1: the sign of the relative elbow angle at the goal.
        public var elbow: Double
        /// +1 or -1: which side of the obstacle the detour takes (in joint space).
        public var side: Double

        public init(elbow: Double, side: Double) {
            self.elbow = elbow
            self.side = side
        }

        /// Both choices at 50/50.
        public static func random(using generator: inout some RandomNumberGenerator) -> Mode {
            Mode(elbow: Bool.random(using: &generator) ? 1 : -1, side: Bool.random(using: &generator) ? 1 : -1)
        }
    }

    /// Joint targets per control step in a chunk.
    public var horizon = 16
    /// Largest change of a joint target per control step (radians).
    public var maxStep = 0.22
    /// Share of the remaining distance covered per step before the cap applies.
    public var gain = 0.4
    /// Clearance kept from the obstacle, in units beyond touching.
    public var clearance = 10.0

    public init() {}

    /// Goal joint angles for the target with the mode's elbow, or with the other elbow if
    /// that one is not reachable without touching the obstacle.
    public func goal(for env: ReachEnvironment, mode: Mode) -> [Double]? {
        for elbow in [mode.elbow, -mode.elbow] {
            if let q = env.inverseKinematics(env.target, elbowSign: elbow), env.isFree(q, clearance: clearance) { return q }
        }
        return nil
    }

    /// The next `horizon` joint targets from the current state.
    public func chunk(for env: ReachEnvironment, mode: Mode) -> [[Double]] {
        var q = env.jointAngles
        guard let goal = goal(for: env, mode: mode) else { return Array(repeating: q, count: horizon) }
        // The detour is planned once per chunk from the current state, so the chunk stays
        // a pure function of the state.
        // Hysteresis: a detour needs the full clearance, heading straight for the goal only
        // half, so the arm does not dither between the two near the obstacle. When the
        // mode's side has no way around, the other side is taken.
        let start = startClearance(env)
        var subgoal = env.pathIsFree(q, goal, clearance: min(clearance / 2, start)) ? goal
            : waypoint(from: q, to: goal, side: mode.side, startClearance: start, env)
                ?? waypoint(from: q, to: goal, side: -mode.side, startClearance: start, env) ?? goal
        var result: [[Double]] = []
        result.reserveCapacity(horizon)
        for _ in 0..<horizon {
            var reached = true
            let difference = ReachEnvironment.jointDifference(subgoal, q)
            for j in 0..<2 {
                let delta = difference[j]
                // Close in geometrically, capped; snap the last hundredth of a radian.
                q[j] += abs(delta) < 0.01 ? delta : max(-maxStep, min(maxStep, gain * delta))
                if abs(delta) > 0.15 { reached = false }
            }
            if reached && subgoal != goal { subgoal = goal }
            result.append(q)
        }
        return result
    }

    /// The clearance a path leaving the arm's current configuration must keep. A chunk runs
    /// open loop, so the arm may end it closer to the obstacle than planned (or touching
    /// it); asking for the full clearance there finds no free path, and the arm would push
    /// into the obstacle.
    func startClearance(_ env: ReachEnvironment) -> Double {
        min(clearance, env.clearance(env.jointAngles) - 0.5)
    }

    /// The detour configuration on the mode's side of the straight joint-space path:
    /// of a fixed grid of configurations, the one with the shortest free two-leg path.
    /// Moving toward it keeps it on the same side, so the choice is stable along the way.
    func waypoint(from q: [Double], to goal: [Double], side: Double, startClearance: Double? = nil,
                  _ env: ReachEnvironment) -> [Double]? {
        let d = ReachEnvironment.jointDifference(goal, q)
        var best: [Double]?
        var bestLength = Double.infinity
        for i in 0..<Self.gridColumns {
            for k in 0..<Self.gridRows {
                let candidate1 = -Double.pi + (Double(i) + 0.5) * 2 * Double.pi / Double(Self.gridColumns)
                let w = [q[0] + ReachEnvironment.wrap(candidate1 - q[0]),
                         -2.9 + (Double(k) + 0.5) * 5.8 / Double(Self.gridRows)]
                let e = [w[0] - q[0], w[1] - q[1]]
                guard (d[0] * e[1] - d[1] * e[0]) * side > 0 else { continue }
                let length = (e[0] * e[0] + e[1] * e[1]).squareRoot()
                    + ((goal[0] - w[0]) * (goal[0] - w[0]) + (goal[1] - w[1]) * (goal[1] - w[1])).squareRoot()
                guard length < bestLength, env.isFree(w, clearance: clearance),
                      env.pathIsFree(q, w, clearance: startClearance ?? clearance),
                      env.pathIsFree(w, goal, clearance: clearance)
                else { continue }
                best = w
                bestLength = length
            }
        }
        return best
    }

    static let gridColumns = 24
    static let gridRows = 16
}

extension ReachExpert {
    /// The mode a teacher uses at an arbitrary state (DAgger labels): keep the arm's
    /// current elbow sign, and detour on the side with the shorter way around.
    public func teacherMode(for env: ReachEnvironment) -> Mode {
        let q = env.jointAngles
        let elbow: Double = q[1] >= 0 ? 1 : -1
        guard env.scene.obstacle != nil, let goal = goal(for: env, mode: Mode(elbow: elbow, side: 1)),
              !env.pathIsFree(q, goal, clearance: clearance / 2) else {
            return Mode(elbow: elbow, side: 1)
        }
        let start = startClearance(env)
        func length(_ side: Double) -> Double {
            guard let w = waypoint(from: q, to: goal, side: side, startClearance: start, env) else { return .infinity }
            let a = ReachEnvironment.jointDifference(w, q), b = ReachEnvironment.jointDifference(goal, w)
            return (a[0] * a[0] + a[1] * a[1]).squareRoot() + (b[0] * b[0] + b[1] * b[1]).squareRoot()
        }
        return Mode(elbow: elbow, side: length(1) <= length(-1) ? 1 : -1)
    }
}
