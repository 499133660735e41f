import Testing
import Physics2D

/// Mass, centre of gravity and moment accumulated from shape densities.
@Suite struct MassPropertiesTests {
    /// Moment of a solid w x h box about its own centroid.
    static func boxMoment(mass: Double, _ w: Double, _ h: Double) -> Double { mass * (w * w + h * h) / 12 }

    /// A box of density 1 centred on the origin: mass = area, cog at the centroid,
    /// moment m (w^2 + h^2) / 12.
    @Test func boxOfUnitDensity() throws {
        var world = Scene.world()
        let body = try world.addDynamicBox(center: Vec2(3, 4), width: 6, height: 2)
        let b = world.body(body)
        #expect(abs(b.mass - 12) < 1e-12)
        #expect(b.centerOfGravity == .zero)
        #expect(abs(b.moment - 6 * 2 * (36 + 4) / 12) < 1e-9)
        #expect(b.position == Vec2(3, 4))
    }

    /// A box placed away from the body origin (the origin outside the polygon): the cog
    /// is the box's centroid and the moment is still about that cog, with the origin kept put.
    @Test func offsetBoxHasMomentAboutItsCentroid() throws {
        var world = Scene.world()
        let body = try world.addBody(.dynamic, origin: Vec2(10, 10))
        try world.addShape(ShapeDefinition(Scene.box(4, 2, center: Vec2(5, 3)), density: 2), to: body)
        let b = world.body(body)
        let mass = 2.0 * 8
        #expect(abs(b.mass - mass) < 1e-12)
        #expect((b.centerOfGravity - Vec2(5, 3)).length < 1e-12)
        #expect(abs(b.moment - Self.boxMoment(mass: mass, 4, 2)) < 1e-9 * b.moment)
        #expect(world.origin(of: body) == Vec2(10, 10))
        #expect((b.position - Vec2(15, 13)).length < 1e-12)
    }

    /// Two boxes of different densities: the cog is the mass-weighted centroid and the
    /// moment follows the parallel-axis theorem, I = sum(I_i + m_i |c_i - cog|^2).
    @Test func compoundBodyUsesParallelAxisTheorem() throws {
        var world = Scene.world()
        let body = try world.addBody(.dynamic)
        try world.addShape(ShapeDefinition(Scene.box(2, 2, center: Vec2(-3, 0)), density: 1), to: body)
        try world.addShape(ShapeDefinition(Scene.box(4, 1, center: Vec2(2, 1)), density: 3), to: body)
        let m1 = 4.0, c1 = Vec2(-3, 0), m2 = 12.0, c2 = Vec2(2, 1)
        let cog = (c1 * m1 + c2 * m2) / (m1 + m2)
        let expected = Self.boxMoment(mass: m1, 2, 2) + m1 * (c1 - cog).lengthSquared
            + Self.boxMoment(mass: m2, 4, 1) + m2 * (c2 - cog).lengthSquared
        let b = world.body(body)
        #expect(abs(b.mass - 16) < 1e-12)
        #expect((b.centerOfGravity - cog).length < 1e-12)
        #expect(abs(b.moment - expected) < 1e-9 * expected, "moment \(b.moment), expected \(expected)")
    }

    /// A disc off the origin: m = pi r^2, I = m r^2 / 2 about its centre.
    @Test func offsetDisc() throws {
        var world = Scene.world()
        let body = try world.addBody(.dynamic)
        try world.addShape(ShapeDefinition(.circle(center: Vec2(0, 7), radius: 2)), to: body)
        let b = world.body(body)
        let mass = Double.pi * 4
        #expect(abs(b.mass - mass) < 1e-12)
        #expect(abs(b.moment - mass * 2) < 1e-9)
        #expect(b.centerOfGravity == Vec2(0, 7))
    }

    /// Static and kinematic bodies have infinite mass whatever their shapes.
    @Test func staticAndKinematicBodiesHaveInfiniteMass() throws {
        var world = Scene.world()
        let floor = try world.addStaticBox(center: .zero, width: 10, height: 1)
        let pusher = try world.addBody(.kinematic)
        try world.addShape(ShapeDefinition(.circle(center: .zero, radius: 1)), to: pusher)
        for id in [floor, pusher] {
            #expect(world.body(id).hasInfiniteMass)
            #expect(world.body(id).inverseMass == 0 && world.body(id).inverseMoment == 0)
        }
    }
}
