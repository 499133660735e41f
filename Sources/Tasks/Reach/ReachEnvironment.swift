import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reach task as an environment.
///
/// - Observation: `[q1, q2, dq1, dq2, target x, target y]`, `q1` the first link's angle,
///   `q2` the second link's angle relative to the first, both wrapped to (-pi, pi].
/// - Action: target joint angles `[q1*, q2*]` (radians) for the joint PD controller.
/// - Success: end effector within `successDistance` of the target and slower than
///   `successSpeed`; the episode ends there or after `maxSteps`.
public struct ReachEnvironment: Environment {
    public let scene: ReachScene
    public private(set) var world: World
    public private(set) var links: [BodyID] = []
    public private(set) var target = Vec2(400, 256)
    public private(set) var stepIndex = 0

    public init(scene: ReachScene = ReachScene()) throws(PhysicsError) {
        self.scene = scene
        self.world = World()
        try build(q: [0, 0])
    }

    public var observationSize: Int { 6 }
    public var actionSize: Int { 2 }
    public var maxSteps: Int { scene.maxSteps }

    /// Joint angles: absolute for the first link, relative for the second, both wrapped
    /// to (-pi, pi]. The elbow never needs to cross pi (the arm folded onto itself), so
    /// differences in `q2` are taken without wrapping; differences in `q1` wrap.
    public var jointAngles: [Double] {
        let a1 = world.bodies[links[0].index].angle, a2 = world.bodies[links[1].index].angle
        return [Self.wrap(a1), Self.wrap(a2 - a1)]
    }

    /// `target - current` per joint: wrapped for the shoulder, plain for the elbow.
    public static func jointDifference(_ target: [Double], _ current: [Double]) -> [Double] {
        [wrap(target[0] - current[0]), wrap(target[1]) - wrap(current[1])]
    }

    public var jointVelocities: [Double] {
        let w1 = world.bodies[links[0].index].angularVelocity, w2 = world.bodies[links[1].index].angularVelocity
        return [w1, w2 - w1]
    }

    /// Tip of the second link, world coordinates.
    public var endEffector: Vec2 {
        world.bodies[links[1].index].transform.apply(Vec2(scene.links[1].length, 0))
    }

    public var endEffectorVelocity: Vec2 {
        world.bodies[links[1].index].velocity(atWorldPoint: endEffector)
    }

    public var distanceToTarget: Double { (endEffector - target).length }

    public var isSuccess: Bool {
        distanceToTarget < scene.successDistance && endEffectorVelocity.length < scene.successSpeed
    }

    /// Forward kinematics: the elbow and the tip for joint angles `q`.
    public func forwardKinematics(_ q: [Double]) -> (elbow: Vec2, tip: Vec2) {
        let l1 = scene.links[0].length, l2 = scene.links[1].length
        let elbow = scene.base + Vec2(cos(q[0]), sin(q[0])) * l1
        return (elbow, elbow + Vec2(cos(q[0] + q[1]), sin(q[0] + q[1])) * l2)
    }

    public mutating func reset(using generator: inout some RandomNumberGenerator) throws -> [Double] {
        let (lo, hi) = (scene.targetRadius[0], scene.targetRadius[1])
        while true {
            // Uniform by area in the annulus.
            let r = (Double.random(in: lo * lo..<hi * hi, using: &generator)).squareRoot()
            let phi = Double.random(in: -Double.pi..<Double.pi, using: &generator)
            let q = [Double.random(in: -Double.pi..<Double.pi, using: &generator),
                     Double.random(in: -2.5..<2.5, using: &generator)]
            let candidate = scene.base + Vec2(cos(phi), sin(phi)) * r
            if scene.obstacle != nil {
                // Obstacle scenes only pose problems where the direct swing is blocked
                // for both elbow solutions, so every episode has to go around.
                guard isFree(q, clearance: 10) else { continue }
                let goals = [1.0, -1.0].compactMap { inverseKinematicsFree(candidate, elbowSign: $0) }
                guard !goals.isEmpty, goals.allSatisfy({ !pathIsFree(q, $0, clearance: 0) }) else { continue }
            }
            return try reset(q: q, target: candidate)
        }
    }

    /// Starts an episode at rest in joint configuration `q` with the given target.
    @discardableResult
    public mutating func reset(q: [Double], target: Vec2) throws(PhysicsError) -> [Double] {
        try build(q: q)
        self.target = target
        stepIndex = 0
        return observation()
    }

    public func observation() -> [Double] {
        let q = jointAngles, dq = jointVelocities
        return [q[0], q[1], dq[0], dq[1], target.x, target.y]
    }

    public mutating func step(_ action: [Double]) throws -> StepResult {
        let c = scene.control
        for _ in 0..<scene.substeps {
            let q = jointAngles, dq = jointVelocities
            var tau = [0.0, 0.0]
            let error = Self.jointDifference(action, q)
            for j in 0..<2 {
                tau[j] = min(max(c.kp[j] * error[j] - c.kd[j] * dq[j], -c.maxTorque[j]), c.maxTorque[j])
            }
            world.applyTorque(links[0], tau[0] - tau[1])
            world.applyTorque(links[1], tau[1])
            try world.step(scene.dt)
        }
        stepIndex += 1
        let success = isSuccess
        let reward = -distanceToTarget / 250 + (success ? 1 : 0)
        return StepResult(observation: observation(), reward: reward, terminated: success,
                          truncated: !success && stepIndex >= scene.maxSteps,
                          info: StepInfo(coverage: nil, isSuccess: success,
                                         contactPoints: world.contacts.map { ($0.point.x, $0.point.y) }))
    }

    /// Builds the arm at rest in configuration `q`.
    private mutating func build(q: [Double]) throws(PhysicsError) {
        var settings = World.Settings()
        settings.iterations = scene.iterations
        var world = World(settings: settings)
        let base = try world.addBody(.static, origin: scene.base)
        if let o = scene.obstacle {
            try world.addShape(ShapeDefinition(.circle(center: o.center - scene.base, radius: o.radius)), to: base)
        }
        var origin = scene.base
        var angle = 0.0
        var previous = base
        var ids: [BodyID] = []
        for (index, link) in scene.links.enumerated() {
            angle += q[index]
            let moment = link.mass * (link.length * link.length + link.width * link.width) / 12
            let body = try world.addBody(
                .dynamic, origin: origin, angle: angle,
                mass: .explicit(mass: link.mass, moment: moment, centerOfGravity: Vec2(link.length / 2, 0)))
            let shape = try Polygon.box(width: link.length, height: link.width, center: Vec2(link.length / 2, 0))
            // One group for all links: they pass through each other, not through obstacles.
            try world.addShape(ShapeDefinition(.polygon(shape), filter: CollisionFilter(group: 1)), to: body)
            try world.addRevoluteJoint(previous, body, pivot: origin)
            ids.append(body)
            previous = body
            origin = origin + Vec2(cos(angle), sin(angle)) * link.length
        }
        self.world = world
        self.links = ids
    }

    static func wrap(_ angle: Double) -> Double {
        var a = fmod(angle + Double.pi, 2 * Double.pi)
        if a <= 0 { a += 2 * Double.pi }
        return a - Double.pi
    }

    static func segmentDistance(_ p: Vec2, _ a: Vec2, _ b: Vec2) -> Double {
        let ab = b - a
        let t = max(0, min(1, (p - a).dot(ab) / ab.lengthSquared))
        return (p - (a + ab * t)).length
    }
}

extension ReachEnvironment {
    /// Inverse kinematics restricted to configurations clear of the obstacle.
    func inverseKinematicsFree(_ point: Vec2, elbowSign: Double) -> [Double]? {
        guard let q = inverseKinematics(point, elbowSign: elbowSign), isFree(q, clearance: 10) else { return nil }
        return q
    }

    /// Joint angles that put the tip on `point`, elbow one way or the other; nil when out
    /// of reach. `elbowSign` +1 or -1 picks the sign of the relative angle `q2`.
    public func inverseKinematics(_ point: Vec2, elbowSign: Double) -> [Double]? {
        let l1 = scene.links[0].length, l2 = scene.links[1].length
        let d = point - scene.base
        let c2 = (d.lengthSquared - l1 * l1 - l2 * l2) / (2 * l1 * l2)
        guard c2 >= -1, c2 <= 1 else { return nil }
        let q2 = elbowSign >= 0 ? acos(c2) : -acos(c2)
        let q1 = atan2(d.y, d.x) - atan2(l2 * sin(q2), l1 + l2 * cos(q2))
        return [Self.wrap(q1), q2]
    }
}

extension ReachEnvironment {
    /// Whether the arm in configuration `q` keeps `clearance` units from the obstacle.
    public func isFree(_ q: [Double], clearance: Double) -> Bool {
        guard let o = scene.obstacle else { return true }
        let (elbow, tip) = forwardKinematics(q)
        let margin = o.radius + clearance
        return Self.segmentDistance(o.center, scene.base, elbow) > margin + scene.links[0].width / 2
            && Self.segmentDistance(o.center, elbow, tip) > margin + scene.links[1].width / 2
    }

    /// Units between the arm in configuration `q` and the obstacle (negative when they
    /// overlap; infinite without an obstacle): the largest clearance `isFree` grants.
    public func clearance(_ q: [Double]) -> Double {
        guard let o = scene.obstacle else { return .infinity }
        let (elbow, tip) = forwardKinematics(q)
        return min(Self.segmentDistance(o.center, scene.base, elbow) - scene.links[0].width / 2,
                   Self.segmentDistance(o.center, elbow, tip) - scene.links[1].width / 2) - o.radius
    }

    /// Whether the straight joint-space path between two configurations stays clear
    /// (checked every 0.05 rad).
    public func pathIsFree(_ a: [Double], _ b: [Double], clearance: Double) -> Bool {
        guard scene.obstacle != nil else { return true }
        let d = Self.jointDifference(b, a)
        let samples = Int(max(abs(d[0]), abs(d[1])) / 0.05) + 1
        for k in 0...samples {
            let t = Double(k) / Double(samples)
            if !isFree([a[0] + t * d[0], a[1] + t * d[1]], clearance: clearance) { return false }
        }
        return true
    }
}
