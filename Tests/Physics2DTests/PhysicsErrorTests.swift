import Testing
import Physics2D

/// Invalid input is rejected with a typed `PhysicsError` whose one-line description says
/// what is wrong, and a NaN never spreads silently through a step.
@Suite struct PhysicsErrorTests {
    /// A dented outline is rejected, naming the input vertex where the turn goes the wrong way.
    @Test func nonConvexPolygonNamesTheVertex() {
        let dented = [Vec2(0, 0), Vec2(4, 0), Vec2(2, 1), Vec2(4, 4), Vec2(0, 4)]
        let error = #expect(throws: PhysicsError.self) { try Polygon(dented) }
        #expect(error == .nonConvexPolygon(vertex: 2))
        #expect(error?.description == "polygon is not convex at vertex 2; split it into convex parts")
        // The same outline wound the other way is still rejected at the dent.
        let reversed = #expect(throws: PhysicsError.self) { try Polygon(Array(dented.reversed())) }
        #expect(reversed == .nonConvexPolygon(vertex: 2))
    }

    @Test func fewerThanThreeVertices() {
        let error = #expect(throws: PhysicsError.self) { try Polygon([Vec2(0, 0), Vec2(1, 0)]) }
        #expect(error == .tooFewVertices(count: 2))
        #expect(error?.description == "a polygon needs at least 3 vertices, got 2")
        #expect(throws: PhysicsError.tooFewVertices(count: 0)) { try Polygon([]) }
    }

    /// Collinear and repeated vertices give a degenerate polygon, not a zero-mass body.
    @Test func degeneratePolygon() {
        let collinear = #expect(throws: PhysicsError.self) {
            try Polygon([Vec2(0, 0), Vec2(1, 1), Vec2(2, 2)])
        }
        #expect(collinear == .degeneratePolygon(area: 0))
        #expect(collinear?.description
                == "polygon is degenerate (area 0.0); its vertices must not be collinear or repeated")
        let repeated = #expect(throws: PhysicsError.self) {
            try Polygon([Vec2(0, 0), Vec2(1, 0), Vec2(1, 0), Vec2(0, 1)])
        }
        guard case .degeneratePolygon = repeated else {
            Issue.record("repeated vertex gave \(String(describing: repeated))")
            return
        }
    }

    @Test func nonFiniteVertex() {
        let nan = #expect(throws: PhysicsError.self) {
            try Polygon([Vec2(0, 0), Vec2(.nan, 0), Vec2(0, 1)])
        }
        #expect(nan?.description == "polygon vertex (nan, 0.0) is not a finite number")
        let infinite = #expect(throws: PhysicsError.self) {
            try Polygon([Vec2(0, 0), Vec2(1, 0), Vec2(0, .infinity)])
        }
        #expect(infinite?.description == "polygon vertex (0.0, inf) is not a finite number")
    }

    @Test func nonPositiveMassAndMoment() {
        var world = Scene.world()
        let mass = #expect(throws: PhysicsError.self) {
            try world.addBody(.dynamic, mass: .explicit(mass: 0, moment: 1, centerOfGravity: .zero))
        }
        #expect(mass == .nonPositiveMass(mass: 0))
        #expect(mass?.description == "mass must be positive, got 0.0")
        let moment = #expect(throws: PhysicsError.self) {
            try world.addBody(.dynamic, mass: .explicit(mass: 1, moment: -2, centerOfGravity: .zero))
        }
        #expect(moment?.description == "moment of inertia must be positive, got -2.0")
        // A shape of zero density on a body that takes its mass from its shapes.
        let zeroDensity = #expect(throws: PhysicsError.self) {
            let body = try world.addBody(.dynamic)
            try world.addShape(ShapeDefinition(Scene.box(1, 1), density: 0), to: body)
        }
        #expect(zeroDensity == .nonPositiveMass(mass: 0))
    }

    @Test func negativeRadius() throws {
        var world = Scene.world()
        let body = try world.addBody(.dynamic)
        let circle = #expect(throws: PhysicsError.self) {
            try world.addShape(ShapeDefinition(.circle(center: .zero, radius: -1)), to: body)
        }
        #expect(circle?.description == "radius must not be negative, got -1.0")
        #expect(throws: PhysicsError.negativeRadius(radius: -0.5)) {
            try world.addShape(ShapeDefinition(.segment(a: .zero, b: Vec2(1, 0), radius: -0.5)), to: body)
        }
        #expect(throws: PhysicsError.negativeRadius(radius: -2)) {
            try Polygon.box(width: 1, height: 1, radius: -2)
        }
    }

    @Test(arguments: [0.0, -0.01, Double.nan, Double.infinity])
    func invalidTimeStep(dt: Double) {
        var world = Scene.world()
        let error = #expect(throws: PhysicsError.self) { try world.step(dt) }
        #expect(error?.description == "time step must be positive and finite, got \(dt)")
        #expect(world.stepCount == 0)
    }

    /// Ids that were never issued, or whose body was removed, are rejected everywhere.
    @Test func unknownBody() throws {
        var world = Scene.world()
        let body = try world.addDynamicBox(center: .zero, width: 1, height: 1)
        let missing = BodyID(7)
        let error = #expect(throws: PhysicsError.self) {
            try world.addShape(ShapeDefinition(.circle(center: .zero, radius: 1)), to: missing)
        }
        #expect(error == .unknownBody(index: 7))
        #expect(error?.description == "no body with index 7 in this world")
        #expect(throws: PhysicsError.unknownBody(index: 7)) { try world.setVelocity(missing, Vec2(1, 0)) }
        #expect(throws: PhysicsError.unknownBody(index: 7)) { try world.addRevoluteJoint(body, missing, pivot: .zero) }
        try world.removeBody(body)
        #expect(throws: PhysicsError.unknownBody(index: 0)) { try world.removeBody(body) }
        #expect(throws: PhysicsError.unknownBody(index: 0)) { try world.setOrigin(body, .zero) }
    }

    /// A NaN force does not leave a silently poisoned world: the step that meets it throws
    /// `diverged`, naming the body.
    @Test func nanForceDiverges() throws {
        var world = Scene.world(gravity: Vec2(0, 100))
        try world.addStaticBox(center: Vec2(0, 10), width: 100, height: 2)
        let box = try world.addDynamicBox(center: Vec2(0, 8), width: 2, height: 2)
        try world.run(5, dt: 1.0 / 60)
        world.applyForce(box, Vec2(.nan, 0))
        let error = #expect(throws: PhysicsError.self) { try world.step(1.0 / 60) }
        #expect(error == .diverged(body: box.index))
        #expect(error?.description
                == "body 1 left the finite numbers during a step (NaN or infinite force, velocity or position)")
    }

    @Test func infiniteTorqueDiverges() throws {
        var world = Scene.world()
        let box = try world.addDynamicBox(center: .zero, width: 2, height: 2)
        world.applyTorque(box, .infinity)
        #expect(throws: PhysicsError.diverged(body: 0)) { try world.step(1.0 / 60) }
    }
}
