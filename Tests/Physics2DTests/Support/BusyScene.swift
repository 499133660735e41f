import Physics2D

extension Scene {
    /// A busy, deterministic scene: a walled floor, a loose pile of boxes and discs with
    /// friction, a two-link pendulum with a motor and limits, and a kinematic pusher
    /// sweeping through the pile. Nothing random; every body has contacts within a second.
    static func busy() throws -> World {
        var world = Scene.world(gravity: Vec2(0, 100))
        try world.addStaticBox(center: Vec2(0, 110), width: 300, height: 20, friction: 0.8)
        try world.addStaticBox(center: Vec2(-140, 40), width: 20, height: 120, friction: 0.8)
        try world.addStaticBox(center: Vec2(140, 40), width: 20, height: 120, friction: 0.8)
        for k in 0..<6 {
            let center = Vec2(-60 + Double(k) * 22, 60 - Double(k % 3) * 25)
            if k.isMultiple(of: 2) {
                try world.addDynamicBox(center: center, width: 18, height: 12, angle: 0.1 * Double(k),
                                        friction: 0.6)
            } else {
                try world.addDynamicCircle(center: center, radius: 8, friction: 0.6)
            }
        }
        let hook = try world.addBody(.static, origin: Vec2(80, -40))
        let upper = try world.addDynamicBox(center: Vec2(95, -40), width: 30, height: 4,
                                            filter: CollisionFilter(group: 9))
        let lower = try world.addDynamicBox(center: Vec2(125, -40), width: 30, height: 4,
                                            filter: CollisionFilter(group: 9))
        try world.addRevoluteJoint(hook, upper, pivot: Vec2(80, -40))
        let elbow = try world.addRevoluteJoint(upper, lower, pivot: Vec2(110, -40))
        world.setJointMotor(elbow, rate: 2, maxTorque: 5e4)
        world.setJointLimits(elbow, -1...1)
        let pusher = try world.addBody(.kinematic, origin: Vec2(-120, 90))
        try world.addShape(ShapeDefinition(.circle(center: .zero, radius: 10), friction: 0.5), to: pusher)
        try world.setVelocity(pusher, Vec2(40, 0), angular: 1)
        return world
    }
}
