import Physics2D

/// The physical part of a Push-T scene: walls, the kinematic pusher under its PD
/// controller, and the block, stepped exactly as the reference steps them.
public struct PushTSimulator: Sendable {
    public let scene: PushTScene
    public internal(set) var world: World
    public let agent: BodyID
    public let block: BodyID
    /// Block parts as validated polygons (body coordinates).
    public let parts: [Polygon]
    /// The walls and the block's size as the wall clamp needs them (`PushTSimulator+Walls`).
    let wallFaces: [WallFace]
    let blockReach: Double

    /// A fresh world as the reference's `_setup` leaves it: the agent at (256, 400), the
    /// block at (256, 300) with angle 0, nothing stepped yet.
    public init(scene: PushTScene) throws(PhysicsError) {
        self.scene = scene
        var settings = World.Settings()
        settings.damping = scene.physics.damping
        settings.iterations = scene.physics.iterations
        settings.collisionSlop = scene.physics.collisionSlop
        settings.collisionBias = scene.physics.collisionBias
        var world = World(settings: settings)
        let walls = try world.addBody(.static)
        for wall in scene.walls {
            try world.addShape(ShapeDefinition(.segment(a: wall.from, b: wall.to, radius: wall.radius)), to: walls)
        }
        agent = try world.addBody(.kinematic, origin: Vec2(256, 400))
        try world.addShape(ShapeDefinition(.circle(center: .zero, radius: scene.agent.radius)), to: agent)
        block = try world.addBody(
            .dynamic, origin: Vec2(256, 300), angle: 0,
            mass: .explicit(mass: scene.block.mass, moment: scene.block.moment,
                            centerOfGravity: scene.block.centerOfGravity))
        var parts: [Polygon] = []
        for vertices in scene.block.parts {
            let polygon = try Polygon(vertices)
            parts.append(polygon)
            try world.addShape(ShapeDefinition(.polygon(polygon), friction: scene.block.friction), to: block)
        }
        self.parts = parts
        self.world = world
        wallFaces = Self.wallFaces(scene)
        blockReach = Self.blockReach(scene)
    }

    /// The reference's reset to `[agent x, agent y, block x, block y, angle]` on a fresh
    /// world: agent position, block origin, then the angle **about the centre of gravity**
    /// (so the origin moves by `cog - R(angle) cog`), then one physics step.
    public static func reset(scene: PushTScene, state: ResetState) throws(PhysicsError) -> PushTSimulator {
        var sim = try PushTSimulator(scene: scene)
        try sim.world.setOrigin(sim.agent, state.agent)
        try sim.world.setOrigin(sim.block, state.block)
        try sim.world.setAngle(sim.block, state.angle)
        try sim.world.step(scene.physics.dt)
        return sim
    }

    /// Places agent and block exactly (velocities zero, no physics step).
    public mutating func place(agent position: Vec2, block origin: Vec2, angle: Double) throws(PhysicsError) {
        try world.setOrigin(agent, position)
        try world.setVelocity(agent, .zero)
        try world.setPose(block, origin: origin, angle: angle)
        try world.setVelocity(block, .zero, angular: 0)
        world.removeContactCache()
    }

    /// Moves the pusher to `position` with `velocity` (world units, units/s), leaving the
    /// block and the contact state alone. Planners use it to skip a contact-free transit.
    public mutating func setAgent(position: Vec2, velocity: Vec2) throws(PhysicsError) {
        try world.setOrigin(agent, position)
        try world.setVelocity(agent, velocity)
    }

    /// One environment step toward the absolute target: `substeps` rounds of the PD
    /// controller then a physics step. The target is rounded to float32 first, because
    /// the reference casts actions to float32 and its recurrence is reproduced bit for bit.
    public mutating func step(target: Vec2) throws(PhysicsError) {
        let t = Vec2(Double(Float(target.x)), Double(Float(target.y)))
        for _ in 0..<scene.physics.substeps { try substep(target: t) }
    }

    /// One PD update and one physics step, in the reference's float64 order, then the
    /// wall clamp (`keepBlockInsideWalls`, inactive on ordinary contacts).
    @inline(__always)
    public mutating func substep(target t: Vec2) throws(PhysicsError) {
        let dt = scene.physics.dt
        let p = world.bodies[agent.index].position
        let v = world.bodies[agent.index].velocity
        let kp = scene.agent.kp, kv = scene.agent.kv
        let acc = Vec2(kp * (t.x - p.x) + kv * (0 - v.x), kp * (t.y - p.y) + kv * (0 - v.y))
        try world.setVelocity(agent, v + acc * dt)
        try world.step(dt)
        try keepBlockInsideWalls()
    }

    public var agentPosition: Vec2 { world.bodies[agent.index].position }
    public var agentVelocity: Vec2 { world.bodies[agent.index].velocity }
    /// World position of the block's body origin (what the reference reports).
    public var blockOrigin: Vec2 { world.origin(of: block) }
    /// Raw block angle, not wrapped.
    public var blockAngle: Double { world.bodies[block.index].angle }
}

/// A Push-T reset state `[agent x, agent y, block x, block y, block angle]`.
public struct ResetState: Hashable, Sendable {
    public var agent: Vec2
    public var block: Vec2
    public var angle: Double

    public init(agent: Vec2, block: Vec2, angle: Double) {
        self.agent = agent
        self.block = block
        self.angle = angle
    }

    public init(_ v: [Double]) {
        self.init(agent: Vec2(v[0], v[1]), block: Vec2(v[2], v[3]), angle: v[4])
    }
}
