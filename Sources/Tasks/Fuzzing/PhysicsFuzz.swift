import Foundation
import Physics2D

/// Random actions, extreme ones included, against the simulators: every state must stay
/// finite and the Push-T block must stay inside its walls. Used by the test suite (tens
/// of thousands of steps) and by `pushforward bench --only fuzz` (a million).
///
/// Actions are drawn from a mix: ordinary targets inside the world, targets just beyond
/// the walls, targets far outside the world (up to 1e6 units away) and absurd ones
/// (magnitudes up to 1e12, of either sign). Episodes restart from a random reset every
/// 1 to `maxEpisodeSteps` steps, so contacts from many poses are exercised.
public enum PhysicsFuzz {
    /// What a fuzzing run saw. `problem` is the first broken invariant, if any.
    public struct Report: Sendable, CustomStringConvertible {
        public var steps = 0
        public var resets = 0
        /// Actions beyond the world (beyond the walls, far, absurd).
        public var outsideActions = 0
        /// Steps with the agent touching the block at the end of the step.
        public var contactSteps = 0
        /// The largest distance (units) any block vertex reached beyond the inner face
        /// of the walls: contact slop makes a unit or two normal; a pusher (kinematic,
        /// it ignores the walls) that squeezes the block into a wall makes it deeper.
        public var worstExcursion = 0.0
        /// Steps that ended with a block vertex more than `tunnelTolerance` beyond a wall.
        public var deepPenetrations = 0
        /// A non-finite state or a failed step.
        public var problem: String?
        /// Steps after which the block's centre of gravity was beyond a wall's inner
        /// face (each ends its episode); `tunnel` describes the first.
        public var tunnels = 0
        public var tunnel: String?

        public init() {}

        public var description: String {
            "\(steps) steps, \(resets) resets, \(outsideActions) actions outside the world, \(contactSteps) steps in contact, "
                + "worst block excursion beyond the walls \(String(format: "%.3f", worstExcursion)) units, "
                + "\(deepPenetrations) steps with a vertex over \(Int(tunnelTolerance)) units deep"
                + (problem.map { "; FAILED: \($0)" } ?? "; no NaN") + (tunnel.map { "; \(tunnels) tunnels, the first: \($0)" } ?? ", no tunnelling")
        }
    }

    /// A block vertex deeper than this beyond a wall's inner face (units) is counted as a
    /// deep penetration; the block has tunnelled when its centre of gravity is beyond.
    public static let tunnelTolerance = 10.0

    /// A random action target for a world of `size` units.
    static func target(size: Double, using g: inout some RandomNumberGenerator) -> (Vec2, outside: Bool) {
        let kind = Double.random(in: 0..<1, using: &g)
        func coordinate() -> Double {
            switch kind {
            case ..<0.7: return Double.random(in: 0..<size, using: &g)
            case ..<0.85: return Double.random(in: -size..<(2 * size), using: &g)
            case ..<0.95: return Double.random(in: -1e6..<1e6, using: &g)
            default:
                let magnitude = pow(10, Double.random(in: 3..<12, using: &g))
                return Bool.random(using: &g) ? magnitude : -magnitude
            }
        }
        let point = Vec2(coordinate(), coordinate())
        return (point, kind >= 0.7 && (point.x < 0 || point.y < 0 || point.x > size || point.y > size))
    }

    /// `steps` random Push-T steps on `scene`; stops at the first non-finite state, counts
    /// tunnels (each ends its episode).
    public static func pushT(scene: PushTScene = PushTScene(), steps: Int, maxEpisodeSteps: Int = 60,
                             using g: inout some RandomNumberGenerator) throws -> Report {
        var report = Report()
        var env = try PushTEnvironment(scene: scene)
        let walls = wallBox(scene)
        var left = 0
        while report.steps < steps {
            if left == 0 {
                // The reset ranges allow a rotated block to overlap a wall; such starts
                // are redrawn (the check below is about what stepping does).
                repeat {
                    _ = try env.reset(to: env.randomState(using: &g))
                } while excursion(of: env.simulator, walls: walls) > 0
                report.resets += 1
                left = Int.random(in: 1...maxEpisodeSteps, using: &g)
            }
            let (target, outside) = Self.target(size: scene.size, using: &g)
            if outside { report.outsideActions += 1 }
            let before = env.simulator
            do {
                _ = try env.step(target: target)
            } catch {
                report.problem = "step \(report.steps), target (\(target.x), \(target.y)): \(error)"
                return report
            }
            report.steps += 1
            left -= 1
            let sim = env.simulator
            if sim.world.contactCount > 0 { report.contactSteps += 1 }
            let observation = env.observation()
            guard observation.allSatisfy(\.isFinite), sim.agentPosition.x.isFinite, sim.agentPosition.y.isFinite else {
                report.problem = "step \(report.steps), target (\(target.x), \(target.y)): a state is not finite: \(observation)"
                return report
            }
            let beyond = excursion(of: sim, walls: walls)
            report.worstExcursion = max(report.worstExcursion, beyond)
            if beyond > tunnelTolerance { report.deepPenetrations += 1 }
            // Tunnelled: the block's centre of gravity is beyond a wall's inner face.
            let c = sim.world.bodies[sim.block.index].position
            let centre = max(walls.minX - c.x, c.x - walls.maxX, walls.minY - c.y, c.y - walls.maxY)
            if centre > 0 {
                report.tunnels += 1
                left = 0
                guard report.tunnel == nil else { continue }
                report.tunnel = "step \(report.steps), target (\(target.x), \(target.y)): the block tunnelled: its centre "
                    + "of gravity is " + String(format: "%.1f", centre) + " units beyond a wall (before the step: agent "
                    + "(\(before.agentPosition.x), \(before.agentPosition.y)), block (\(before.blockOrigin.x), "
                    + "\(before.blockOrigin.y), \(before.blockAngle)))"
            }
        }
        return report
    }

    /// How far the block's farthest vertex is beyond the walls' inner faces (0 inside).
    static func excursion(of sim: PushTSimulator, walls: (minX: Double, maxX: Double, minY: Double, maxY: Double)) -> Double {
        let transform = sim.world.bodies[sim.block.index].transform
        var worst = 0.0
        for part in sim.scene.block.parts {
            for vertex in part {
                let p = transform.apply(vertex)
                worst = max(worst, walls.minX - p.x, p.x - walls.maxX, walls.minY - p.y, p.y - walls.maxY)
            }
        }
        return worst
    }

    /// `steps` random Reach steps (joint targets, extreme ones included); every
    /// observation must stay finite.
    public static func reach(scene: ReachScene = ReachScene(), steps: Int, maxEpisodeSteps: Int = 60,
                             using g: inout some RandomNumberGenerator) throws -> Report {
        var report = Report()
        var env = try ReachEnvironment(scene: scene)
        var left = 0
        while report.steps < steps {
            if left == 0 {
                _ = try env.reset(using: &g)
                report.resets += 1
                left = Int.random(in: 1...maxEpisodeSteps, using: &g)
            }
            // Joint targets in radians: mostly a turn or two, some far beyond (the PD torque clamps).
            let (raw, outside) = Self.target(size: 2 * Double.pi, using: &g)
            let action = [raw.x - Double.pi, raw.y - Double.pi]
            if outside { report.outsideActions += 1 }
            let result: StepResult
            do {
                result = try env.step(action)
            } catch {
                report.problem = "step \(report.steps), action \(action): \(error)"
                return report
            }
            report.steps += 1
            left = result.terminated || result.truncated ? 0 : left - 1
            guard result.observation.allSatisfy(\.isFinite) else {
                report.problem = "step \(report.steps), action \(action): a state is not finite: \(result.observation)"
                return report
            }
        }
        return report
    }

    /// A random valid Push-T scene: 1 to 3 random convex parts side by side, random mass,
    /// moment, friction, pusher size and gains and solver iterations.
    public static func randomPushTScene(using g: inout some RandomNumberGenerator) -> PushTScene {
        var scene = PushTScene()
        scene.name = "fuzz"
        var parts: [[Vec2]] = []
        var x = -60.0
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            // Vertices on an ellipse at sorted angles: convex by construction.
            let count = Int.random(in: 3...8, using: &g)
            let rx = Double.random(in: 8..<40, using: &g), ry = Double.random(in: 8..<60, using: &g)
            let angles = (0..<count).map { k in
                (Double(k) + Double.random(in: 0.15..<0.85, using: &g)) * 2 * Double.pi / Double(count)
            }
            let center = Vec2(x + rx, Double.random(in: -20..<20, using: &g))
            parts.append(angles.map { center + Vec2(rx * cos($0), ry * sin($0)) })
            x += 2 * rx + 1
        }
        scene.block.parts = parts
        let vertices = parts.flatMap { $0 }
        scene.block.centerOfGravity = vertices.reduce(Vec2(0, 0), +) * (1 / Double(vertices.count))
        scene.block.mass = Double.random(in: 0.1..<10, using: &g)
        scene.block.moment = Double.random(in: 100..<20_000, using: &g)
        scene.block.friction = Double.random(in: 0..<1, using: &g)
        scene.agent.radius = Double.random(in: 5..<30, using: &g)
        scene.agent.kp = Double.random(in: 10..<1000, using: &g)
        scene.agent.kv = Double.random(in: 1..<100, using: &g)
        // Damping 0, as every shipped scene: velocities are zeroed each substep (the
        // block is quasi-static). With momentum kept, a pusher moving 1e6 units/s throws
        // the block through a wall in one substep: the solver has no continuous collision.
        scene.physics.damping = 0
        scene.physics.iterations = Int.random(in: 1...20, using: &g)
        return scene
    }

    /// The inner faces of a scene's walls, assumed to form a box (all shipped scenes do).
    static func wallBox(_ scene: PushTScene) -> (minX: Double, maxX: Double, minY: Double, maxY: Double) {
        let xs = scene.walls.flatMap { [$0.from.x, $0.to.x] }, ys = scene.walls.flatMap { [$0.from.y, $0.to.y] }
        let r = scene.walls.map(\.radius).max() ?? 0
        return ((xs.min() ?? 0) + r, (xs.max() ?? scene.size) - r, (ys.min() ?? 0) + r, (ys.max() ?? scene.size) - r)
    }
}
