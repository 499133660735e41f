import Testing
import Physics2D

/// Frictionless, inelastic contacts (friction 0, elasticity 0, no gravity, damping 1)
/// may only remove kinetic energy. Position correction works through bias velocities
/// that never enter the real velocities, so it must not add energy either.
@Suite struct EnergyTests {
    static let dt = 1.0 / 60

    /// Steps `world` and records the largest step-to-step gain of kinetic energy,
    /// relative to the energy before the step.
    static func worstGain(_ world: inout World, steps: Int) throws -> (gain: Double, lost: Double) {
        let initial = world.kineticEnergy
        var previous = initial
        var worst = -Double.infinity
        for _ in 0..<steps {
            try world.step(dt)
            let energy = world.kineticEnergy
            worst = max(worst, (energy - previous) / initial)
            previous = energy
        }
        return (worst, (initial - previous) / initial)
    }

    /// Relative gain per step allowed: rounding only.
    static let tolerance = 1e-12

    /// A box sliding into an equal box at rest: the collision is perfectly inelastic, so
    /// half the energy goes, and none comes back while they travel on together.
    @Test func boxSlidingIntoABox() throws {
        var world = Scene.world()
        let mover = try world.addDynamicBox(center: Vec2(0, 0), width: 10, height: 10)
        try world.addDynamicBox(center: Vec2(30, 1), width: 10, height: 10)
        try world.setVelocity(mover, Vec2(100, 0))
        let result = try Self.worstGain(&world, steps: 120)
        #expect(result.gain <= Self.tolerance, "kinetic energy rose by \(result.gain) of the initial")
        #expect(result.lost > 0.3, "only \(result.lost) of the energy was lost")
    }

    /// A disc thrown obliquely into a static wall.
    @Test func circleIntoAWall() throws {
        var world = Scene.world()
        try world.addStaticBox(center: Vec2(50, 0), width: 10, height: 200)
        let disc = try world.addDynamicCircle(center: .zero, radius: 5)
        try world.setVelocity(disc, Vec2(200, 50), angular: 3)
        let result = try Self.worstGain(&world, steps: 120)
        #expect(result.gain <= Self.tolerance, "kinetic energy rose by \(result.gain) of the initial")
        // The normal component (200 of the 200, 50 velocity) is absorbed.
        #expect(abs(world.body(disc).velocity.x) < 1e-6)
        #expect(result.lost > 0.9)
    }

    /// A tilted, spinning box thrown at the floor bounces about on its corners without
    /// ever gaining energy.
    @Test func spinningBoxHittingTheFloor() throws {
        var world = Scene.world()
        try world.addStaticBox(center: Vec2(0, 60), width: 400, height: 20)
        let box = try world.addDynamicBox(center: .zero, width: 20, height: 10, angle: 0.4)
        try world.setVelocity(box, Vec2(10, 80), angular: 12)
        let result = try Self.worstGain(&world, steps: 300)
        #expect(result.gain <= Self.tolerance, "kinetic energy rose by \(result.gain) of the initial")
        #expect(result.lost > 0.1)
    }

    /// Twelve bodies of mixed shapes with seeded random velocities rattling inside a closed
    /// static box for 5 s.
    @Test func crowdInABox() throws {
        var world = Scene.world()
        try world.addStaticBox(center: Vec2(0, -110), width: 240, height: 20)
        try world.addStaticBox(center: Vec2(0, 110), width: 240, height: 20)
        try world.addStaticBox(center: Vec2(-110, 0), width: 20, height: 240)
        try world.addStaticBox(center: Vec2(110, 0), width: 20, height: 240)
        var random = SplitMix64(seed: 7)
        for k in 0..<12 {
            let center = Vec2(Double(k % 4) * 45 - 67.5, Double(k / 4) * 60 - 60)
            let body: BodyID
            if k % 2 == 0 {
                body = try world.addDynamicCircle(center: center, radius: 8 + 6 * random.unit())
            } else {
                body = try world.addDynamicBox(center: center, width: 10 + 15 * random.unit(),
                                               height: 10 + 15 * random.unit(), angle: random.unit())
            }
            try world.setVelocity(body, Vec2(400 * random.unit() - 200, 400 * random.unit() - 200),
                                  angular: 10 * random.unit() - 5)
        }
        let result = try Self.worstGain(&world, steps: 300)
        #expect(result.gain <= Self.tolerance, "kinetic energy rose by \(result.gain) of the initial")
    }
}

/// A tiny seeded generator (SplitMix64) for reproducible test scenes.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
