import Testing
import Physics2D

/// Contact manifolds as `World.contacts` reports them after a step: point counts,
/// normals from shape A to shape B, and contact/no contact for every pair of kinds.
@Suite struct ContactManifoldTests {
    /// A tiny step with no gravity: bodies do not move before contacts are found.
    static let dt = 1e-3

    /// A shape kind placed so that its surface nearest +x is at `x = edge` (for `left`)
    /// or its surface nearest -x is at `x = edge` (for `!left`), centred on y = 0.
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case circle, segment, polygon
        var testDescription: String { rawValue }

        func geometry(edge: Double, left: Bool) throws -> ShapeGeometry {
            let s = left ? -1.0 : 1.0  // direction from the edge into the shape
            switch self {
            case .circle:
                return .circle(center: Vec2(edge + s * 5, 0), radius: 5)
            case .segment:
                // A vertical capsule of radius 1.
                return .segment(a: Vec2(edge + s, -8), b: Vec2(edge + s, 8), radius: 1)
            case .polygon:
                return try Scene.box(10, 10, center: Vec2(edge + s * 5, 0))
            }
        }
    }

    /// Shape `left` ends at x = 0 and shape `right` starts at x = `gap` (negative gap:
    /// overlap). `leftIsStatic` picks which one sits on the static body (the other is
    /// dynamic), so both solve orders are exercised. Returns the contacts after a step
    /// and the shape ids of left and right.
    static func collide(_ left: Kind, _ right: Kind, gap: Double, leftIsStatic: Bool)
        throws -> (contacts: [ContactInfo], left: ShapeID, right: ShapeID) {
        var world = Scene.world()
        let fixed = try world.addBody(.static)
        let moving = try world.addBody(.dynamic)
        let leftShape = try world.addShape(ShapeDefinition(left.geometry(edge: 0, left: true)),
                                           to: leftIsStatic ? fixed : moving)
        let rightShape = try world.addShape(ShapeDefinition(right.geometry(edge: gap, left: false)),
                                            to: leftIsStatic ? moving : fixed)
        try world.step(dt)
        return (world.contacts, leftShape, rightShape)
    }

    static let pairs: [(Kind, Kind)] = [
        (.circle, .circle), (.circle, .segment), (.circle, .polygon),
        (.segment, .segment), (.segment, .polygon), (.polygon, .polygon),
        (.polygon, .circle), (.segment, .circle), (.polygon, .segment),
    ]

    /// Every pair of kinds overlapping by 0.05 gives contacts whose normal points from the
    /// contact's shape A to its shape B (here along +x or -x) and whose point lies on
    /// A's surface.
    @Test(arguments: pairs.indices, [true, false])
    func touchingShapesCollide(pair: Int, leftIsStatic: Bool) throws {
        let (left, right) = Self.pairs[pair]
        let result = try Self.collide(left, right, gap: -0.05, leftIsStatic: leftIsStatic)
        #expect(!result.contacts.isEmpty, "\(left) against \(right)")
        for c in result.contacts {
            let leftFirst = c.shapeA == result.left
            #expect(leftFirst ? c.shapeB == result.right : (c.shapeA == result.right && c.shapeB == result.left))
            let expected = leftFirst ? Vec2(1, 0) : Vec2(-1, 0)
            #expect((c.normal - expected).length < 1e-9, "\(left)/\(right): normal \(c.normal)")
            // A's surface: x = 0 for the left shape, x = -0.05 for the right one.
            #expect(abs(c.point.x - (leftFirst ? 0 : -0.05)) < 1e-9, "\(left)/\(right): point \(c.point)")
        }
        // Polygon and segment faces meeting flat give two points; a circle gives one.
        let flat = left != .circle && right != .circle
        #expect(result.contacts.count == (flat ? 2 : 1))
    }

    /// The same pairs one unit apart do not touch.
    @Test(arguments: pairs.indices)
    func separatedShapesDoNotCollide(pair: Int) throws {
        let (left, right) = Self.pairs[pair]
        #expect(try Self.collide(left, right, gap: 1, leftIsStatic: true).contacts.isEmpty)
        #expect(try Self.collide(left, right, gap: 1, leftIsStatic: false).contacts.isEmpty)
    }

    /// A box resting flat on a box: two points at the corners of the shared face.
    @Test func boxFlatOnBoxHasTwoPoints() throws {
        var world = Scene.world(gravity: Vec2(0, 100))
        try world.addStaticBox(center: Vec2(0, 10), width: 40, height: 20)
        let box = try world.addDynamicBox(center: Vec2(3, -5), width: 10, height: 10)
        try world.run(30, dt: 1.0 / 60)
        let contacts = world.contacts
        #expect(contacts.count == 2)
        let xs = contacts.map(\.point.x).sorted()
        #expect(xs.count == 2 && abs(xs[0] - (-2)) < 1e-6 && abs(xs[1] - 8) < 1e-6, "points at \(xs)")
        for c in contacts {
            // The floor (shape 0) is A, the box B: the normal points up, towards the box (-y).
            #expect(c.shapeA == ShapeID(0))
            #expect((c.normal - Vec2(0, -1)).length < 1e-9)
            #expect(c.normalImpulse > 0)
        }
        #expect(world.body(box).velocity.length < 1e-6)
    }

    /// A box standing on a corner (turned 45 degrees, just touching): one point, under the corner.
    @Test func boxCornerOnFloorHasOnePoint() throws {
        var world = Scene.world()
        try world.addStaticBox(center: Vec2(0, 10), width: 40, height: 20)
        let halfDiagonal = 5 * 2.0.squareRoot()
        try world.addDynamicBox(center: Vec2(0, -halfDiagonal + 0.05), width: 10, height: 10, angle: .pi / 4)
        try world.step(Self.dt)
        let contacts = world.contacts
        #expect(contacts.count == 1)
        if let c = contacts.first {
            #expect(abs(c.point.x) < 1e-9 && abs(c.point.y) < 1e-9, "point \(c.point)")
            #expect((c.normal - Vec2(0, -1)).length < 1e-9)
        }
    }

    /// A disc whose centre is inside a box still gets a contact, pushing it out through
    /// the nearest face.
    @Test func circleCentreInsidePolygon() throws {
        var world = Scene.world()
        try world.addStaticBox(center: .zero, width: 20, height: 20)
        try world.addDynamicCircle(center: Vec2(8, 1), radius: 3)
        try world.step(Self.dt)
        let contacts = world.contacts
        #expect(contacts.count == 1)
        if let c = contacts.first {
            // A is the circle (lower kind): the normal points from it into the box, -x.
            #expect(c.shapeA == ShapeID(1))
            #expect((c.normal - Vec2(-1, 0)).length < 1e-9, "normal \(c.normal)")
        }
    }
}
