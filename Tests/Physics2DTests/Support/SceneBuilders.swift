import Physics2D

/// Small builders for behavioural tests. Worlds here use the engine's conventions:
/// y down, so gravity is `+y` and a floor sits below the bodies at larger y.
enum Scene {
    /// A world with the given gravity and solver iterations (damping 1, Chipmunk defaults otherwise).
    static func world(gravity: Vec2 = .zero, iterations: Int = 10) -> World {
        var settings = World.Settings()
        settings.gravity = gravity
        settings.iterations = iterations
        return World(settings: settings)
    }

    static func box(_ width: Double, _ height: Double, center: Vec2 = .zero) throws -> ShapeGeometry {
        .polygon(try Polygon.box(width: width, height: height, center: center))
    }
}

extension World {
    /// A static axis-aligned box (a floor or a wall) centred on `center`.
    @discardableResult
    mutating func addStaticBox(center: Vec2, width: Double, height: Double,
                               friction: Double = 0, filter: CollisionFilter = .all) throws -> BodyID {
        let body = try addBody(.static, origin: center)
        try addShape(ShapeDefinition(Scene.box(width, height), friction: friction, filter: filter), to: body)
        return body
    }

    /// A dynamic axis-aligned box whose mass comes from `density`.
    @discardableResult
    mutating func addDynamicBox(center: Vec2, width: Double, height: Double, angle: Double = 0,
                                friction: Double = 0, density: Double = 1,
                                filter: CollisionFilter = .all) throws -> BodyID {
        let body = try addBody(.dynamic, origin: center, angle: angle)
        try addShape(ShapeDefinition(Scene.box(width, height), friction: friction, density: density,
                                     filter: filter), to: body)
        return body
    }

    /// A dynamic disc whose mass comes from `density`.
    @discardableResult
    mutating func addDynamicCircle(center: Vec2, radius: Double, friction: Double = 0,
                                   density: Double = 1) throws -> BodyID {
        let body = try addBody(.dynamic, origin: center)
        try addShape(ShapeDefinition(.circle(center: .zero, radius: radius), friction: friction,
                                     density: density), to: body)
        return body
    }

    /// Steps `count` times with `dt`, calling `observe` after each step.
    mutating func run(_ count: Int, dt: Double, observe: (World) -> Void = { _ in }) throws {
        for _ in 0..<count {
            try step(dt)
            observe(self)
        }
    }

    /// Contacts between two specific shapes (in either order) after the last step.
    func contacts(between a: ShapeID, _ b: ShapeID) -> [ContactInfo] {
        contacts.filter { ($0.shapeA == a && $0.shapeB == b) || ($0.shapeA == b && $0.shapeB == a) }
    }

    /// True when any contact of the last step involves a shape of `body`.
    func touches(_ body: BodyID) -> Bool {
        contacts.contains { shape($0.shapeA).body == body.index || shape($0.shapeB).body == body.index }
    }
}
