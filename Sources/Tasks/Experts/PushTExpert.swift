import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scripted Push-T expert that is a **function of the simulator state**: `act` returns
/// the chunk of future pusher targets from the exact state it is given, with no memory
/// of earlier steps, so it can label any state (demonstrations, DAgger relabelling).
///
/// Each call searches push primitives (contact point on an outer face, push direction,
/// push length), simulates every one from a copy of the current world, and scores the
/// outcome (`cost = cog distance + angleWeight * |angle error|`, plus the mean keypoint
/// error near the goal, plus `stepCost * e` per step). The choice is made smooth in the state:
/// - a face (mode) is chosen by its best score, with hysteresis read from the state, not
///   from memory: a bonus for the face the pusher is touching (while pushing there still
///   improves the pose) and a momentum cost for faces that would turn the moving pusher
///   around (its velocity is visible in two consecutive observations);
/// - within that face the contact point, direction and length are a softmin-weighted mean
///   of all candidates, so nearby states give nearby chunks;
/// - the chunk follows a path that starts at the pusher and leads it by what its PD
///   controller needs to keep moving, so executing the chunk open-loop roughly
///   reproduces what re-planning every step does.
///
/// The randomised variant (`temperature > 0`) draws a `Preference` once per episode and
/// passes it to every call: fresh noise at every step would flip the face from one step
/// to the next, so randomness enters as a per-episode choice of expert, and each such
/// expert is again a pure function of the state.
///
/// Cost: one call simulates about 85 primitives (8 faces, 15-unit contact spacing, 3
/// directions; lengths share one rollout), about 6 ms on one core in release builds.
///
/// Conventions: world units (pixels), x right, **y down**, radians; targets are absolute.
public struct PushTExpert: Sendable {
    public struct Options: Codable, Hashable, Sendable {
        /// Targets per chunk.
        public var horizon = 16
        /// 0: deterministic. Above 0, each episode draws a `Preference` (Gumbel noise per
        /// face) and faces within `3 * temperature * 0.1 e` of the best are chosen with
        /// probability `∝ exp(-(score - best) / (temperature * 0.1 e))`, e the pose error.
        public var temperature = 0.0
        /// Softmin temperature within a face, as a fraction of the pose error (world units).
        public var smoothing = 0.02
        /// Least softmin temperature within a face (world units).
        public var smoothingFloor = 0.05
        /// Score bonus of the face the pusher is at: `hysteresis * e + hysteresisFloor`.
        public var hysteresis = 0.05
        public var hysteresisFloor = 1.0
        /// Spacing of contact points along a face (world units).
        public var contactSpacing = 15.0
        /// Push directions relative to the face's inward normal (radians).
        public var directions: [Double] = [-0.5, 0, 0.5]
        /// Push lengths as fractions of the pose error, clamped to `lengthRange`.
        public var lengthFactors: [Double] = [0.15, 0.35, 0.7, 1.2]
        public var lengthRange: [Double] = [1.5, 100]
        /// Target speeds in world units per environment step.
        public var transitSpeed = 20.0
        public var pushSpeed = 12.0
        public var finePushSpeed = 4.0
        /// Below this pose error the expert pushes slowly, holds 2 steps and adds the
        /// keypoint error to the cost.
        public var fineError = 15.0
        /// Radius of the detour circle around the block's centre of gravity.
        public var transitRadius = 100.0
        /// Pusher centre distance from the face before a push, and the least distance a
        /// path must keep from the block.
        public var standoff = 18.0
        public var clearance = 17.5
        /// Least distance of a straight transit segment from the block (pusher radius 15).
        public var transitClearance = 16.5
        /// Cost of one radian of angle error, in world units.
        public var angleWeight = 60.0
        /// Cost of one environment step of a candidate, as a fraction of the pose error:
        /// time is worth less near the goal, where only precision counts.
        public var stepCost = 0.003
        /// Candidates are simulated at most this many steps.
        public var maxRolloutSteps = 60

        public init() {}
    }

    /// Per-episode random preferences of the randomised expert: one standard Gumbel draw
    /// per face. Fixed for an episode, so the expert stays a function of the state and
    /// does not flip between faces from one step to the next.
    public struct Preference: Sendable, Hashable {
        public var faceNoise: [Double]
        public init(faceNoise: [Double] = []) { self.faceNoise = faceNoise }
        /// No preference: the deterministic expert.
        public static let none = Preference()
    }

    public let scene: PushTScene
    public let options: Options
    public let outline: BlockOutline
    public let coverage: Coverage
    /// Goal pose of the block's centre of gravity (world) and angle.
    let goalCenter: Vec2
    let goalAngle: Double
    /// Keypoints (part corners and centroids) in body coordinates and at the goal.
    let keypoints: [Vec2]
    let goalKeypoints: [Vec2]
    /// Centroid of the keypoints (body) and at the goal (world).
    let keypointCenter: Vec2
    let goalKeypointCenter: Vec2

    public init(scene: PushTScene = PushTScene(), options: Options = Options()) throws(PhysicsError) {
        self.scene = scene
        self.options = options
        var parts: [Polygon] = []
        for vertices in scene.block.parts { parts.append(try Polygon(vertices)) }
        outline = BlockOutline(parts: parts, spacing: options.contactSpacing,
                               standoff: options.standoff, clearance: options.clearance)
        coverage = Coverage(parts: parts, goalOrigin: scene.goal.position, goalAngle: scene.goal.angle)
        let goal = Transform(rotation: Vec2(cos(scene.goal.angle), sin(scene.goal.angle)),
                             translation: scene.goal.position)
        goalCenter = goal.apply(scene.block.centerOfGravity)
        goalAngle = scene.goal.angle
        var points: [Vec2] = []
        for part in parts {
            points += part.vertices
            points.append(part.vertices.reduce(Vec2.zero, +) / Double(part.vertices.count))
        }
        keypoints = points
        goalKeypoints = points.map(goal.apply)
        keypointCenter = points.reduce(Vec2.zero, +) / Double(points.count)
        goalKeypointCenter = goal.apply(keypointCenter)
    }

    /// Draws the per-episode preference of the randomised expert (empty at temperature 0).
    public func preference(using generator: inout some RandomNumberGenerator) -> Preference {
        guard options.temperature > 0 else { return .none }
        return Preference(faceNoise: outline.faces.map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            return -log(-log(u))
        })
    }

    // MARK: Costs

    /// Angle error wrapped to [-pi, pi).
    func angleError(_ angle: Double) -> Double {
        var d = fmod(angle - goalAngle + .pi, 2 * .pi)
        if d < 0 { d += 2 * .pi }
        return d - .pi
    }

    /// Pose error `e`: centre-of-gravity distance plus `angleWeight * |angle error|`.
    func poseError(center: Vec2, angle: Double) -> Double {
        (center - goalCenter).length + options.angleWeight * abs(angleError(angle))
    }

    /// Mean distance of the keypoints from their goal positions.
    func keypointError(_ t: Transform) -> Double {
        var sum = 0.0
        for i in keypoints.indices { sum += (t.apply(keypoints[i]) - goalKeypoints[i]).length }
        return sum / Double(keypoints.count)
    }
}
