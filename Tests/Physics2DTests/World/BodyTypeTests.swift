import Testing
import Physics2D

/// What contacts may do to each kind of body, and what removing a body takes with it.
@Suite struct BodyTypeTests {
    static let dt = 1.0 / 60

    /// A kinematic paddle ploughing through dynamic boxes under gravity keeps its set
    /// velocity exactly and moves by exactly v * t; the boxes are shoved aside.
    @Test func kinematicBodiesAreNotMovedByContacts() throws {
        var world = Scene.world(gravity: Vec2(0, 100))
        try world.addStaticBox(center: Vec2(0, 60), width: 600, height: 20, friction: 0.5)
        let paddle = try world.addBody(.kinematic, origin: Vec2(-100, 40))
        try world.addShape(ShapeDefinition(Scene.box(10, 20), friction: 0.5), to: paddle)
        try world.setVelocity(paddle, Vec2(60, 0), angular: 0)
        var boxes: [BodyID] = []
        for k in 0..<3 {
            boxes.append(try world.addDynamicBox(center: Vec2(-60 + 25 * Double(k), 40), width: 20, height: 20,
                                                 friction: 0.5, density: 5))
        }
        var paddleTouched = false
        try world.run(120, dt: Self.dt) { world in
            if world.touches(paddle) { paddleTouched = true }
        }
        let p = world.body(paddle)
        #expect(paddleTouched)
        #expect(p.velocity == Vec2(60, 0) && p.angularVelocity == 0)
        #expect(abs(p.origin.x - (-100 + 60 * 2)) < 1e-9 && p.origin.y == 40 && p.angle == 0)
        #expect(world.body(boxes[0]).position.x > p.origin.x, "the first box was pushed ahead")
    }

    /// A static floor and a static wall under a pile of heavy bodies keep their poses to
    /// the bit and report zero velocity.
    @Test func staticBodiesNeverMove() throws {
        var world = Scene.world(gravity: Vec2(0, 100))
        let floor = try world.addStaticBox(center: Vec2(0, 60), width: 200, height: 20, friction: 0.5)
        let wall = try world.addBody(.static, origin: Vec2(90, 0), angle: 0.2)
        try world.addShape(ShapeDefinition(.segment(a: Vec2(0, -40), b: Vec2(0, 50), radius: 3)), to: wall)
        for k in 0..<6 {
            let b = try world.addDynamicBox(center: Vec2(40 + 5 * Double(k), -20 * Double(k)), width: 15, height: 15,
                                            angle: 0.3 * Double(k), density: 20)
            try world.setVelocity(b, Vec2(80, 50))
        }
        let poses = [floor, wall].map { (world.body($0).position, world.body($0).angle, world.origin(of: $0)) }
        var hit = Set<Int>()
        try world.run(180, dt: Self.dt) { world in
            for id in [floor, wall] where world.touches(id) { hit.insert(id.index) }
        }
        #expect(hit.count == 2, "both static bodies were hit")
        for (id, pose) in zip([floor, wall], poses) {
            let b = world.body(id)
            #expect(b.position == pose.0 && b.angle == pose.1 && world.origin(of: id) == pose.2)
            #expect(b.velocity == .zero && b.angularVelocity == 0)
        }
    }

    /// Removing a body drops its contacts at once and for good; other bodies' contacts
    /// stay, and the removed body's joints go with it.
    @Test func removeBodyRemovesItsContacts() throws {
        var world = Scene.world(gravity: Vec2(0, 100))
        let floor = try world.addStaticBox(center: Vec2(0, 60), width: 200, height: 20)
        let doomed = try world.addDynamicBox(center: Vec2(-30, 40), width: 20, height: 20)
        let survivor = try world.addDynamicBox(center: Vec2(30, 40), width: 20, height: 20)
        let hook = try world.addBody(.static, origin: Vec2(-30, 0))
        try world.addRevoluteJoint(hook, doomed, pivot: Vec2(-30, 20))
        try world.run(30, dt: Self.dt)
        #expect(world.touches(doomed) && world.touches(survivor))
        #expect(world.joints.count == 1)

        try world.removeBody(doomed)
        #expect(!world.touches(doomed))
        #expect(world.joints.isEmpty)
        let doomedShape = ShapeID(1)
        #expect(world.shape(doomedShape).body == doomed.index)
        try world.run(30, dt: Self.dt) { world in
            #expect(!world.contacts.contains { $0.shapeA == doomedShape || $0.shapeB == doomedShape })
        }
        #expect(world.touches(survivor))
        #expect(world.contacts.allSatisfy { world.shape($0.shapeA).body == floor.index })
        // A new body may now fall through the space the removed one occupied.
        let newcomer = try world.addDynamicCircle(center: Vec2(-30, 20), radius: 5)
        try world.run(60, dt: Self.dt)
        #expect(world.touches(newcomer))
        #expect(world.body(newcomer).position.y > 40)
    }
}
