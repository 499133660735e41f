/// The persistent contact constraint between two shapes (Chipmunk's "arbiter").
///
/// An arbiter outlives a single step: when the same pair collides again, contacts with
/// the same feature id inherit their accumulated impulses. It is forgotten after
/// `World.Settings.contactPersistence` steps without contact.
public struct Arbiter: Sendable {
    enum State: Sendable {
        /// Created or re-activated this step: warm starting is skipped.
        case firstCollision
        case normal
        /// Not touching any more, kept for persistence.
        case cached
    }

    struct Contact: Sendable {
        /// Contact points relative to each body's centre of gravity.
        var r1: Vec2 = .zero
        var r2: Vec2 = .zero
        var normalMass = 0.0
        var tangentMass = 0.0
        var bias = 0.0
        var bounce = 0.0
        var normalImpulse = 0.0
        var tangentImpulse = 0.0
        var biasImpulse = 0.0
        var feature: UInt64 = 0
    }

    public internal(set) var shapeA: Int
    public internal(set) var shapeB: Int
    var bodyA: Int
    var bodyB: Int
    /// Unit normal from A to B.
    public internal(set) var normal: Vec2 = .zero
    public internal(set) var count = 0
    var contact0 = Contact()
    var contact1 = Contact()
    var friction = 0.0
    var restitution = 0.0
    var state = State.firstCollision
    /// The world step in which the pair last touched.
    var stamp = 0

    init(shapeA: Int, shapeB: Int, bodyA: Int, bodyB: Int) {
        self.shapeA = shapeA
        self.shapeB = shapeB
        self.bodyA = bodyA
        self.bodyB = bodyB
    }

    subscript(i: Int) -> Contact {
        get { i == 0 ? contact0 : contact1 }
        set { if i == 0 { contact0 = newValue } else { contact1 = newValue } }
    }

    /// Takes this step's manifold, carrying over impulses of matching features.
    mutating func update(_ m: Manifold, shapes: [Shape], bodies: [Body], stamp: Int) {
        let a = shapes[m.shapeA], b = shapes[m.shapeB]
        shapeA = m.shapeA; shapeB = m.shapeB
        bodyA = a.body; bodyB = b.body
        var fresh = (Contact(), Contact())
        for i in 0..<m.count {
            let p = m[i]
            var c = Contact()
            c.r1 = p.pointA - bodies[a.body].position
            c.r2 = p.pointB - bodies[b.body].position
            c.feature = p.feature
            for j in 0..<count where self[j].feature == p.feature {
                c.normalImpulse = self[j].normalImpulse
                c.tangentImpulse = self[j].tangentImpulse
            }
            if i == 0 { fresh.0 = c } else { fresh.1 = c }
        }
        contact0 = fresh.0
        contact1 = fresh.1
        count = m.count
        normal = m.normal
        restitution = a.elasticity * b.elasticity
        friction = a.friction * b.friction
        if state == .cached { state = .firstCollision }
        self.stamp = stamp
    }

    /// World-space contact points (on shape A's surface), for drawing and tests.
    public func contactPoints(bodies: [Body]) -> [Vec2] {
        (0..<count).map { bodies[bodyA].position + self[$0].r1 }
    }

    /// Accumulated normal impulse of contact `i` over the last step.
    public func normalImpulse(_ i: Int) -> Double { self[i].normalImpulse }
}
