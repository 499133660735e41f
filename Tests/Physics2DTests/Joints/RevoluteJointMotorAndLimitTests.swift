import Testing
import Physics2D

/// The revolute joint's angular motor and its limits on the relative angle
/// `angle(B) - angle(A)`.
@Suite struct RevoluteJointMotorAndLimitTests {
    static let dt = 1.0 / 60

    /// A wheel on a static axle: the motor brings `angle(wheel) - angle(axle)` to its rate
    /// and holds it there.
    @Test func motorDrivesRelativeAngularVelocityToItsRate() throws {
        var world = Scene.world(gravity: Vec2(0, 100))
        let axle = try world.addBody(.static)
        let wheel = try world.addDynamicCircle(center: Vec2(0, 0), radius: 5)
        let joint = try world.addRevoluteJoint(axle, wheel, pivot: .zero)
        world.setJointMotor(joint, rate: 3, maxTorque: 1e9)
        try world.run(30, dt: Self.dt)
        let w = world.body(wheel).angularVelocity
        #expect(abs(w - 3) < 1e-9, "wheel turns at \(w) rad/s")
        // Reversing the rate reverses the wheel.
        world.setJointMotor(joint, rate: -2, maxTorque: 1e9)
        try world.run(30, dt: Self.dt)
        #expect(abs(world.body(wheel).angularVelocity + 2) < 1e-9)
    }

    /// Between two free bodies the motor sets the *relative* velocity and, being internal,
    /// conserves angular momentum.
    @Test func motorBetweenTwoFreeBodies() throws {
        var world = Scene.world()
        let noSelfContact = CollisionFilter(group: 1)
        let a = try world.addDynamicBox(center: .zero, width: 4, height: 4, filter: noSelfContact)
        let b = try world.addDynamicBox(center: .zero, width: 2, height: 8, filter: noSelfContact)
        let joint = try world.addRevoluteJoint(a, b, pivot: .zero)
        world.setJointMotor(joint, rate: 1.5, maxTorque: 1e9)
        try world.run(20, dt: Self.dt)
        let ba = world.body(a), bb = world.body(b)
        #expect(abs((bb.angularVelocity - ba.angularVelocity) - 1.5) < 1e-9)
        #expect(abs(ba.moment * ba.angularVelocity + bb.moment * bb.angularVelocity) < 1e-9)
        #expect(world.contactCount == 0)
    }

    /// With a weak motor the wheel accelerates at `maxTorque / I` until it reaches the rate.
    @Test func motorTorqueIsCapped() throws {
        var world = Scene.world()
        let axle = try world.addBody(.static)
        let wheel = try world.addDynamicCircle(center: .zero, radius: 2)
        let joint = try world.addRevoluteJoint(axle, wheel, pivot: .zero)
        let moment = world.body(wheel).moment
        world.setJointMotor(joint, rate: 10, maxTorque: moment)  // 1 rad/s^2
        try world.run(60, dt: Self.dt)
        #expect(abs(world.body(wheel).angularVelocity - 1) < 1e-9)
    }

    /// An arm hinged at one end, driven by a constant torque into a limit, stays within the
    /// range: it may pass the bound by at most the one step it takes the limit to notice
    /// (|w| dt, Chipmunk's non-speculative limit), and then settles on the bound.
    @Test(arguments: [1.0, -1.0])
    func limitsHoldAgainstATorque(direction: Double) throws {
        var world = Scene.world()
        let base = try world.addBody(.static)
        let arm = try world.addDynamicBox(center: Vec2(5, 0), width: 10, height: 1, density: 10)
        let joint = try world.addRevoluteJoint(base, arm, pivot: .zero)
        world.setJointLimits(joint, -0.5...0.5)
        let torque = 2000.0 * direction
        var worstOvershoot = 0.0
        var settled: [Double] = []
        for step in 0..<240 {
            world.applyTorque(arm, torque)
            try world.step(Self.dt)
            let angle = world.joints[joint].relativeAngle(bodies: world.bodies)
            worstOvershoot = max(worstOvershoot, abs(angle) - 0.5)
            if step >= 180 { settled.append(angle) }
        }
        // Unlimited, this torque (angular acceleration 0.6 rad/s^2 about the pivot) turns the
        // arm by 4.8 rad in 4 s; it reaches the bound at about 0.78 rad/s, so one step
        // past the bound is about 0.013 rad.
        #expect(worstOvershoot < 0.02, "passed the limit by \(worstOvershoot) rad")
        for angle in settled {
            #expect(abs(angle - 0.5 * direction) < 1e-4, "settled at \(angle) rad")
        }
        // The pivot holds while the limit pushes.
        #expect(world.joints[joint].drift(bodies: world.bodies) < 0.01)
    }

    /// Inside the range the limit does nothing: the arm swings exactly as without limits.
    @Test func limitsAreInactiveInsideTheRange() throws {
        func swing(limits: ClosedRange<Double>?) throws -> World {
            var world = Scene.world()
            let base = try world.addBody(.static)
            let arm = try world.addDynamicBox(center: Vec2(5, 0), width: 10, height: 1)
            let joint = try world.addRevoluteJoint(base, arm, pivot: .zero)
            world.setJointLimits(joint, limits)
            try world.setVelocity(arm, Vec2(0, 5), angular: 1)
            try world.run(30, dt: Self.dt)
            return world
        }
        let limited = try swing(limits: -1...1), free = try swing(limits: nil)
        #expect(limited.stateHash == free.stateHash)
        #expect(abs(limited.joints[0].relativeAngle(bodies: limited.bodies) - 0.5) < 0.01)
    }
}
