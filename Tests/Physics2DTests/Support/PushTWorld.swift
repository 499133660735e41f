import Foundation
import Physics2D

/// Push-T built directly on the engine, exactly as the reference environment builds it
/// (walls, kinematic pusher, T block with its mass quirks). The `Tasks` module builds the
/// same world from `Scenes/pusht.yaml`; this copy keeps the engine's fidelity tests
/// independent of scene files.
struct PushTWorld {
    var world: World
    let agent: BodyID
    let block: BodyID

    static let dt = 0.01
    static let substeps = 10

    /// A fresh world as the reference's `_setup` leaves it (agent at (256, 400), block at
    /// (256, 300), angle 0), not yet stepped.
    init() throws {
        var settings = World.Settings()
        settings.damping = 0
        var world = World(settings: settings)
        let walls = try world.addBody(.static)
        for (a, b) in [((5.0, 506.0), (5.0, 5.0)), ((5.0, 5.0), (506.0, 5.0)),
                       ((506.0, 5.0), (506.0, 506.0)), ((5.0, 506.0), (506.0, 506.0))] {
            try world.addShape(ShapeDefinition(.segment(a: Vec2(a.0, a.1), b: Vec2(b.0, b.1), radius: 2)), to: walls)
        }
        agent = try world.addBody(.kinematic, origin: Vec2(256, 400))
        try world.addShape(ShapeDefinition(.circle(center: .zero, radius: 15)), to: agent)
        block = try world.addBody(.dynamic, origin: Vec2(256, 300), angle: 0,
                                  mass: .explicit(mass: 1, moment: 3000, centerOfGravity: Vec2(0, 45)))
        let bar = try Polygon([Vec2(-60, 0), Vec2(60, 0), Vec2(60, 30), Vec2(-60, 30)])
        let stem = try Polygon([Vec2(-15, 30), Vec2(15, 30), Vec2(15, 120), Vec2(-15, 120)])
        try world.addShape(ShapeDefinition(.polygon(bar)), to: block)
        try world.addShape(ShapeDefinition(.polygon(stem)), to: block)
        self.world = world
    }

    /// The reference's reset to a state `[agent x, agent y, block x, block y, angle]`:
    /// position the agent, the block's origin, then turn the block about its centre of
    /// gravity, then one physics step.
    static func reset(_ state: [Double]) throws -> PushTWorld {
        var env = try PushTWorld()
        try env.world.setOrigin(env.agent, Vec2(state[0], state[1]))
        try env.world.setOrigin(env.block, Vec2(state[2], state[3]))
        try env.world.setAngle(env.block, state[4])
        try env.world.step(dt)
        return env
    }

    /// One environment step: 10 substeps of the PD controller and physics. The target is
    /// rounded to float32 first, as the reference casts actions.
    mutating func step(target: (Double, Double)) throws {
        let t = Vec2(Double(Float(target.0)), Double(Float(target.1)))
        for _ in 0..<Self.substeps { try substep(target: t) }
    }

    mutating func substep(target t: Vec2) throws {
        let p = world.body(agent).position
        let v = world.body(agent).velocity
        let acc = Vec2(100 * (t.x - p.x) + 20 * (0 - v.x), 100 * (t.y - p.y) + 20 * (0 - v.y))
        try world.setVelocity(agent, v + acc * Self.dt)
        try world.step(Self.dt)
    }

    var agentPosition: Vec2 { world.body(agent).position }
    var blockOrigin: Vec2 { world.origin(of: block) }
    var blockAngle: Double { world.body(block).angle }
}

/// Reads a reference recording from `Tests/Fixtures/PushTReference/` (see its README).
func referenceJSON(_ name: String) throws -> [String: Any] {
    let tests = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = tests.appendingPathComponent("Fixtures/PushTReference/\(name)")
    let data = try Data(contentsOf: url)
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

func doubles(_ any: Any?) -> [Double] {
    (any as! [Any]).map { ($0 as! NSNumber).doubleValue }
}
