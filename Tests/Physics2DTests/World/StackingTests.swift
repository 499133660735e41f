import Testing
import Physics2D

/// Resting contact: bodies under gravity come to rest on a floor and in stacks.
/// y is down: gravity is +y and the floor's top surface is at y = 90.
@Suite struct StackingTests {
    static let gravity = Vec2(0, 100)
    static let dt = 1.0 / 60
    static let floorTop = 90.0
    static let side = 20.0

    static func worldWithFloor(iterations: Int = 10) throws -> World {
        var world = Scene.world(gravity: gravity, iterations: iterations)
        try world.addStaticBox(center: Vec2(0, floorTop + 10), width: 400, height: 20, friction: 0.7)
        return world
    }

    /// A box dropped from 40 units above the floor (it lands at about 89 units/s) is at
    /// rest 2 s later (dt 1/60): linear speed and the speed of its corners from spinning
    /// below 1e-3 units/s, resting on the floor. Overlap beyond the slop (0.1) is removed
    /// at 10 % per step, so 1 s after landing the box sits within 0.01 of the slop.
    @Test func droppedBoxComesToRest() throws {
        var world = try Self.worldWithFloor()
        let box = try world.addDynamicBox(center: Vec2(0, Self.floorTop - Self.side / 2 - 40),
                                          width: Self.side, height: Self.side, friction: 0.7)
        try world.run(120, dt: Self.dt)
        let b = world.body(box)
        let cornerSpeed = abs(b.angularVelocity) * Self.side / 2 * 2.0.squareRoot()
        #expect(b.velocity.length < 1e-3, "speed \(b.velocity.length)")
        #expect(cornerSpeed < 1e-3, "corner speed from spin \(cornerSpeed)")
        let bottom = b.position.y + Self.side / 2
        #expect(bottom > Self.floorTop, "bottom at \(bottom)")
        #expect(bottom < Self.floorTop + 0.1 + 0.01, "bottom at \(bottom)")
        #expect(abs(b.angle) < 1e-6)
        #expect(world.contacts.count == 2)
    }

    /// A box dropped tilted by 0.3 rad lands on a corner, tips onto a face and stops.
    @Test func tiltedBoxSettlesFlat() throws {
        var world = try Self.worldWithFloor()
        let box = try world.addDynamicBox(center: Vec2(0, 40), width: Self.side, height: Self.side,
                                          angle: 0.3, friction: 0.7)
        try world.run(180, dt: Self.dt)
        let b = world.body(box)
        #expect(b.velocity.length < 1e-3 && abs(b.angularVelocity) < 1e-3)
        let quarterTurns = b.angle / (Double.pi / 2)
        #expect(abs(quarterTurns - quarterTurns.rounded()) * Double.pi / 2 < 0.01, "angle \(b.angle)")
    }

    /// Five 20-unit boxes stacked on the floor (friction 0.7) stand for 10 s with
    /// **dt 1/100 and 20 solver iterations**: no box tips or falls, the top box leans
    /// less than 0.1 units sideways (0.5 % of a box side) and does not creep after the
    /// first seconds, and the stack sinks no more than the slop per contact.
    ///
    /// Sequential impulses settle a perfectly symmetric stack into a slight lean; the
    /// lean scales with dt^2 (about 0.25 units at dt 1/60 and 10 iterations, 0.05 at
    /// 1/100 and 20), which is why the test uses the smaller step.
    @Test func stackOfFiveBoxesStands() throws {
        let dt = 1.0 / 100
        var world = try Self.worldWithFloor(iterations: 20)
        var boxes: [BodyID] = []
        for level in 0..<5 {
            let y = Self.floorTop - Self.side / 2 - Double(level) * Self.side
            boxes.append(try world.addDynamicBox(center: Vec2(0, y), width: Self.side, height: Self.side,
                                                 friction: 0.7))
        }
        let start = boxes.map { world.body($0).position }
        var worstTopDrift = 0.0, worstAngle = 0.0
        var topAfter5s = Vec2.zero
        for step in 1...1000 {
            try world.step(dt)
            worstTopDrift = max(worstTopDrift, abs(world.body(boxes[4]).position.x - start[4].x))
            for box in boxes { worstAngle = max(worstAngle, abs(world.body(box).angle)) }
            if step == 500 { topAfter5s = world.body(boxes[4]).position }
        }
        #expect(worstTopDrift < 0.1, "top box drifted \(worstTopDrift)")
        #expect(worstAngle < 0.01, "a box turned by \(worstAngle) rad")
        let creep = (world.body(boxes[4]).position - topAfter5s).length
        #expect(creep < 0.01, "top box crept \(creep) in the last 5 s")
        for (level, box) in boxes.enumerated() {
            let b = world.body(box)
            let sink = b.position.y - start[level].y
            #expect(sink > -1e-6 && sink < 0.1 * Double(level + 1) + 1e-6, "box \(level) sank \(sink)")
            #expect(b.velocity.length < 1e-3, "box \(level) still moves at \(b.velocity.length)")
        }
    }
}
