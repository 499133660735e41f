import Testing
import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The engine has no continuous collision detection. Its documented claim (see
/// `World.step`): a body moving at a wall is stopped as long as it moves less than
/// (its radius + the wall's half-thickness) per step. These tests fire small bodies at
/// 90 % of that bound at many phases (where the last step before contact ends) and
/// offsets along the wall, and show that well beyond the bound bodies do pass through.
@Suite struct TunnelingTests {
    static let dt = 1.0 / 60
    /// The wall's centre line is x = 100; it spans y in [-200, 200].
    static let wallX = 100.0
    static let halfThickness = 5.0

    enum Wall: CaseIterable { case box, segment }
    enum Projectile: CaseIterable { case disc, square }

    /// Radius of the disc, half-side of the square.
    static let size = 2.0
    /// The largest distance per step the engine claims to catch.
    static var bound: Double { size + halfThickness }

    /// Fires the projectile from the left along `direction` (unit, x > 0) so that it
    /// moves `distancePerStep`; `phase` in [0, 1) shifts the start by that share of a
    /// step, `offset` moves it along the wall. Returns the body after 1 s.
    static func fire(_ projectile: Projectile, at wall: Wall, distancePerStep: Double,
                     direction: Vec2 = Vec2(1, 0), phase: Double, offset: Double) throws -> Body {
        var world = Scene.world()
        let wallBody = try world.addBody(.static, origin: Vec2(wallX, 0))
        switch wall {
        case .box:
            try world.addShape(ShapeDefinition(Scene.box(2 * halfThickness, 400)), to: wallBody)
        case .segment:
            try world.addShape(ShapeDefinition(.segment(a: Vec2(0, -200), b: Vec2(0, 200),
                                                        radius: halfThickness)), to: wallBody)
        }
        // Start 10 whole steps (plus the phase) before the centre line.
        let travel = (10 + phase) * distancePerStep
        let start = Vec2(wallX, offset) - direction * travel
        let body: BodyID
        switch projectile {
        case .disc: body = try world.addDynamicCircle(center: start, radius: size)
        case .square: body = try world.addDynamicBox(center: start, width: 2 * size, height: 2 * size)
        }
        try world.setVelocity(body, direction * (distancePerStep / dt))
        try world.run(120, dt: dt)
        return world.body(body)
    }

    static let phases = (0..<10).map { Double($0) / 10 }
    static let offsets = [-150.0, 0, 37.5]

    /// At 90 % of the bound every combination is stopped on the near side of the wall,
    /// no longer moving into it, and 2 s later has been pushed out of the wall to within
    /// the collision slop (0.1; overlap is removed at 10 % per step).
    @Test(arguments: Wall.allCases, Projectile.allCases)
    func caughtBelowTheBound(wall: Wall, projectile: Projectile) throws {
        let distance = 0.9 * Self.bound
        for phase in Self.phases {
            for offset in Self.offsets {
                let b = try Self.fire(projectile, at: wall, distancePerStep: distance, phase: phase, offset: offset)
                #expect(b.position.x < Self.wallX - Self.halfThickness - Self.size + 0.1 + 0.01,
                        "\(projectile) at phase \(phase), offset \(offset) ended at x = \(b.position.x)")
                #expect(b.velocity.x <= 1e-9, "\(projectile) still moves into the wall at \(b.velocity.x)")
            }
        }
    }

    /// The bound is on the distance moved per step, whatever the direction: a disc at
    /// 30 degrees to the wall's normal, at 90 % of the bound, is caught too.
    @Test func caughtAtAnAngle() throws {
        let direction = Vec2(cos(Double.pi / 6), sin(Double.pi / 6))
        for wall in Wall.allCases {
            for phase in Self.phases {
                let b = try Self.fire(.disc, at: wall, distancePerStep: 0.9 * Self.bound,
                                      direction: direction, phase: phase, offset: 0)
                #expect(b.position.x < Self.wallX - Self.halfThickness - Self.size + 0.1 + 0.01,
                        "\(wall) wall, phase \(phase): x = \(b.position.x)")
            }
        }
    }

    /// Documents the limit (no continuous collision detection): beyond the bound a step
    /// can end with the centre past the wall's centre line (the contact then pushes the
    /// body out on the far side) or carry it over the wall entirely. Measured over 40
    /// phases, about (1 - bound / distance) of them tunnel: 1 in 40 at 1.05 times the
    /// bound, 13 at 1.5, 19-20 at 2. If the engine gains continuous collision detection,
    /// change this test and the claim on `World.step`.
    @Test(arguments: [1.5, 2.5])
    func tunnelsBeyondTheBound(factor: Double) throws {
        for wall in Wall.allCases {
            var passed = 0
            for phase in Self.phases {
                let b = try Self.fire(.disc, at: wall, distancePerStep: factor * Self.bound, phase: phase, offset: 0)
                if b.position.x > Self.wallX { passed += 1 }
            }
            #expect(passed > 0, "\(wall) wall stopped the disc at every phase at \(factor) times the bound")
        }
    }
}
