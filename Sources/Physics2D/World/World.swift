/// A 2D physics world: bodies, shapes, joints and the persistent contact state.
///
/// `World` is a value type: `let copy = world` is a complete, independent snapshot
/// (contacts and warm-starting state included), which is how experts plan by
/// simulating copies. Storage is copy-on-write, so a copy costs nothing until stepped.
public struct World: Sendable {
    /// Solver parameters. The defaults are Chipmunk's, which Push-T uses unchanged.
    public struct Settings: Sendable, Hashable {
        public var gravity = Vec2.zero
        /// Velocities are multiplied by `damping^dt` every step; 0 zeroes them each step.
        public var damping = 1.0
        public var iterations = 10
        /// Overlap allowed before position correction starts.
        public var collisionSlop = 0.1
        /// Share of overlap left after one second of position correction (0.9^60).
        public var collisionBias = 0.0017970102999144338
        /// Steps an arbiter survives without contact before it is forgotten.
        public var contactPersistence = 3

        public init() {}
    }

    public var settings: Settings
    public internal(set) var bodies: [Body] = []
    public internal(set) var shapes: [Shape] = []
    public internal(set) var joints: [RevoluteJoint] = []

    /// Every pair that touched recently (Chipmunk's cached arbiters).
    var arbiters: [Arbiter] = []
    /// Indices into `arbiters` solved in the current step, in discovery order.
    var activeArbiters: [Int] = []
    /// Shape pairs whose bodies and filters allow a solved contact, with the GJK
    /// simplex each pair ended its last narrow phase with.
    struct CandidatePair: Sendable {
        var shapeA: Int
        var shapeB: Int
        var gjkCache: UInt32 = 0
    }
    var candidatePairs: [CandidatePair] = []
    var pairsNeedRebuild = true

    /// Number of completed steps.
    public internal(set) var stepCount = 0
    var previousDt = 0.0
    /// Factors of the last step's `dt`, recomputed when `dt` or the settings change.
    var stepCoefficients = StepCoefficients()

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    // MARK: Bodies

    /// Adds a body whose body-frame origin is at `origin`, turned by `angle` radians.
    @discardableResult
    public mutating func addBody(_ type: BodyType, origin: Vec2 = .zero, angle: Double = 0,
                                 mass: MassProperties = .fromShapes) throws(PhysicsError) -> BodyID {
        guard origin.isFinite else { throw .nonFinite(what: "body origin") }
        guard angle.isFinite else { throw .nonFinite(what: "body angle") }
        if case .explicit(let m, let i, let cog) = mass {
            guard m.isFinite, i.isFinite, cog.isFinite else { throw .nonFinite(what: "body mass properties") }
            guard m > 0 else { throw .nonPositiveMass(mass: m) }
            guard i > 0 else { throw .nonPositiveMoment(moment: i) }
        }
        bodies.append(Body(type: type, origin: origin, angle: angle, massProperties: mass))
        pairsNeedRebuild = true
        return BodyID(bodies.count - 1)
    }

    /// Removes a body with its shapes, joints and contacts. Other ids stay valid.
    public mutating func removeBody(_ id: BodyID) throws(PhysicsError) {
        try checkBody(id)
        bodies[id.index].isRemoved = true
        for i in shapes.indices where shapes[i].body == id.index { shapes[i].isRemoved = true }
        joints.removeAll { $0.bodyA == id.index || $0.bodyB == id.index }
        arbiters.removeAll { $0.bodyA == id.index || $0.bodyB == id.index }
        activeArbiters.removeAll()
        pairsNeedRebuild = true
    }

    public func body(_ id: BodyID) -> Body { bodies[id.index] }

    /// The body's origin (not its centre of gravity) in world coordinates.
    public func origin(of id: BodyID) -> Vec2 { bodies[id.index].origin }

    /// Moves the body so that its **origin** is at `origin`, keeping its angle.
    public mutating func setOrigin(_ id: BodyID, _ origin: Vec2) throws(PhysicsError) {
        try checkBody(id)
        guard origin.isFinite else { throw .nonFinite(what: "body origin") }
        var b = bodies[id.index]
        b.position = b.transform.applyToVector(b.centerOfGravity) + origin
        b.syncTransform()
        bodies[id.index] = b
        refreshShapes(of: id.index)
    }

    /// Turns the body to `angle` radians **about its centre of gravity** (the origin moves
    /// unless it is the centre of gravity) — Chipmunk's `cpBodySetAngle`.
    public mutating func setAngle(_ id: BodyID, _ angle: Double) throws(PhysicsError) {
        try checkBody(id)
        guard angle.isFinite else { throw .nonFinite(what: "body angle") }
        bodies[id.index].angle = angle
        bodies[id.index].syncTransform()
        refreshShapes(of: id.index)
    }

    /// Places the body exactly: origin at `origin`, turned by `angle` (the angle is set
    /// first, then the origin, so the origin lands where asked).
    public mutating func setPose(_ id: BodyID, origin: Vec2, angle: Double) throws(PhysicsError) {
        try setAngle(id, angle)
        try setOrigin(id, origin)
    }

    public mutating func setVelocity(_ id: BodyID, _ velocity: Vec2, angular: Double? = nil) throws(PhysicsError) {
        try checkBody(id)
        guard velocity.isFinite, angular?.isFinite ?? true else { throw .nonFinite(what: "body velocity") }
        bodies[id.index].velocity = velocity
        if let angular { bodies[id.index].angularVelocity = angular }
    }

    /// Adds a force (world units, applied at the centre of gravity) for the next step.
    public mutating func applyForce(_ id: BodyID, _ force: Vec2) {
        bodies[id.index].force += force
    }

    /// Adds a force applied at a world point, which also adds its torque.
    public mutating func applyForce(_ id: BodyID, _ force: Vec2, atWorldPoint point: Vec2) {
        bodies[id.index].force += force
        bodies[id.index].torque += (point - bodies[id.index].position).cross(force)
    }

    public mutating func applyTorque(_ id: BodyID, _ torque: Double) {
        bodies[id.index].torque += torque
    }

    // MARK: Shapes and joints

    @discardableResult
    public mutating func addShape(_ definition: ShapeDefinition, to id: BodyID) throws(PhysicsError) -> ShapeID {
        try checkBody(id)
        try definition.geometry.validate()
        guard definition.friction.isFinite, definition.elasticity.isFinite, definition.density.isFinite else {
            throw .nonFinite(what: "shape material")
        }
        var shape = Shape(body: id.index, definition: definition)
        shape.update(bodies[id.index].transform)
        shapes.append(shape)
        if case .fromShapes = bodies[id.index].massSource, bodies[id.index].type == .dynamic {
            try accumulateMass(of: id.index)
        }
        pairsNeedRebuild = true
        return ShapeID(shapes.count - 1)
    }

    public func shape(_ id: ShapeID) -> Shape { shapes[id.index] }

    /// Joins two bodies with a pivot at the world point `pivot`.
    @discardableResult
    public mutating func addRevoluteJoint(_ a: BodyID, _ b: BodyID, pivot: Vec2) throws(PhysicsError) -> Int {
        try checkBody(a)
        try checkBody(b)
        guard a != b else { throw .invalidJoint(reason: "a joint needs two different bodies") }
        guard pivot.isFinite else { throw .nonFinite(what: "joint pivot") }
        guard bodies[a.index].type == .dynamic || bodies[b.index].type == .dynamic else {
            throw .invalidJoint(reason: "at least one body must be dynamic")
        }
        let joint = RevoluteJoint(bodyA: a.index, bodyB: b.index,
                                  anchorA: bodies[a.index].transform.inverseApply(pivot),
                                  anchorB: bodies[b.index].transform.inverseApply(pivot))
        joints.append(joint)
        return joints.count - 1
    }

    public mutating func setJointMotor(_ joint: Int, rate: Double, maxTorque: Double) {
        joints[joint].motor = (rate, maxTorque)
    }

    public mutating func setJointLimits(_ joint: Int, _ limits: ClosedRange<Double>?) {
        joints[joint].limits = limits
    }

    // MARK: Helpers

    func checkBody(_ id: BodyID) throws(PhysicsError) {
        guard bodies.indices.contains(id.index), !bodies[id.index].isRemoved else {
            throw .unknownBody(index: id.index)
        }
    }

    mutating func refreshShapes(of body: Int) {
        let t = bodies[body].transform
        for i in shapes.indices where shapes[i].body == body { shapes[i].update(t) }
    }

    /// Mass, centre of gravity and moment from the shapes' densities, keeping the origin put.
    mutating func accumulateMass(of body: Int) throws(PhysicsError) {
        var mass = 0.0
        var weighted = Vec2.zero
        var momentAboutOrigin = 0.0
        for s in shapes where s.body == body && !s.isRemoved {
            let m = s.density * s.geometry.area
            mass += m
            weighted += s.geometry.centroid * m
            momentAboutOrigin += s.geometry.moment(mass: m)
        }
        guard mass > 0 else { throw .nonPositiveMass(mass: mass) }
        let cog = weighted / mass
        let moment = momentAboutOrigin - mass * cog.lengthSquared
        guard moment > 0 else { throw .nonPositiveMoment(moment: moment) }
        var b = bodies[body]
        let origin = b.origin
        b.mass = mass; b.inverseMass = 1 / mass
        b.moment = moment; b.inverseMoment = 1 / moment
        b.centerOfGravity = cog
        b.position = b.transform.applyToVector(cog) + origin
        b.syncTransform()
        bodies[body] = b
    }
}
