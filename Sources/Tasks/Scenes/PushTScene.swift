import Physics2D

/// A "push a polygonal block to a goal pose" scene. The defaults are the Push-T
/// benchmark exactly (real-stanford/diffusion_policy `pusht_env.py`, identical in
/// gym-pusht): a new object is a new scene file, not new code.
///
/// Conventions: world units are pixels of a `size` x `size` canvas, x right, **y down**
/// (a positive angle turns clockwise on screen), angles in radians.
public struct PushTScene: Codable, Hashable, Sendable {
    /// Physics and control timing.
    public struct Physics: Codable, Hashable, Sendable {
        /// Physics time step, seconds.
        public var dt = 0.01
        /// Physics steps per environment step (control at 1 / (dt * substeps) Hz).
        public var substeps = 10
        public var iterations = 10
        /// Velocity damping per second (`v *= damping^dt`); 0 makes the block quasi-static.
        public var damping = 0.0
        public var collisionSlop = 0.1
        public var collisionBias = 0.0017970102999144338
        public init() {}
    }

    /// A static wall: a segment with a radius.
    public struct Wall: Codable, Hashable, Sendable {
        public var from: Vec2
        public var to: Vec2
        public var radius: Double
        public init(from: Vec2, to: Vec2, radius: Double) {
            self.from = from
            self.to = to
            self.radius = radius
        }
    }

    /// The kinematic pusher and its PD controller toward the action target.
    public struct Agent: Codable, Hashable, Sendable {
        public var radius = 15.0
        /// Position gain: `acc = kp (target - p) + kv (0 - v)`.
        public var kp = 100.0
        public var kv = 20.0
        public init() {}
    }

    /// The pushed block: convex parts in body coordinates and its mass properties.
    public struct Block: Codable, Hashable, Sendable {
        /// Convex polygons in body coordinates (y down); their union is the block.
        public var parts: [[Vec2]] = [
            [Vec2(-60, 0), Vec2(60, 0), Vec2(60, 30), Vec2(-60, 30)],
            [Vec2(-15, 30), Vec2(15, 30), Vec2(15, 120), Vec2(-15, 120)],
        ]
        public var mass = 1.0
        /// Moment of inertia about the centre of gravity. Push-T's 3000 counts the bar twice; kept on purpose.
        public var moment = 3000.0
        /// Centre of gravity in body coordinates. Push-T's (0, 45) is the mean of the two
        /// part centroids, not the area-weighted one; kept on purpose.
        public var centerOfGravity = Vec2(0, 45)
        public var friction = 0.0
        public init() {}
    }

    /// The goal pose of the block origin and the success rule.
    public struct Goal: Codable, Hashable, Sendable {
        public var position = Vec2(256, 256)
        public var angle = Double.pi / 4
        /// Success when coverage is strictly greater than this.
        public var successThreshold = 0.95
        public init() {}
    }

    /// Ranges of the random reset (upper bounds exclusive).
    public struct Reset: Codable, Hashable, Sendable {
        /// Agent x and y: uniform integers in [lower, upper).
        public var agentRange: [Double] = [50, 450]
        /// Block x and y: uniform integers in [lower, upper).
        public var blockRange: [Double] = [100, 400]
        /// Block angle: uniform in [lower, upper).
        public var angleRange: [Double] = [-Double.pi, Double.pi]
        public init() {}
    }

    /// The task family this scene file is for; always `pusht` here.
    public var task = "pusht"
    public var name = "pusht"
    /// Side of the square world in units.
    public var size = 512.0
    public var physics = Physics()
    public var walls: [Wall] = [
        Wall(from: Vec2(5, 506), to: Vec2(5, 5), radius: 2),
        Wall(from: Vec2(5, 5), to: Vec2(506, 5), radius: 2),
        Wall(from: Vec2(506, 5), to: Vec2(506, 506), radius: 2),
        Wall(from: Vec2(5, 506), to: Vec2(506, 506), radius: 2),
    ]
    public var agent = Agent()
    public var block = Block()
    public var goal = Goal()
    public var reset = Reset()
    /// Episode length limit in environment steps.
    public var maxSteps = 300

    public init() {}
}
