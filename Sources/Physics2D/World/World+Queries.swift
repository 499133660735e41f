/// A contact as the world solved it in the last step, for drawing and inspection.
public struct ContactInfo: Sendable, Hashable {
    public var shapeA: ShapeID
    public var shapeB: ShapeID
    /// Point on shape A's surface, world coordinates.
    public var point: Vec2
    /// Unit normal from A to B.
    public var normal: Vec2
    /// Normal impulse accumulated in the last step.
    public var normalImpulse: Double
}

extension World {
    /// The contacts solved in the last step.
    public var contacts: [ContactInfo] {
        var result: [ContactInfo] = []
        for index in activeArbiters {
            let a = arbiters[index]
            for i in 0..<a.count {
                result.append(ContactInfo(
                    shapeA: ShapeID(a.shapeA), shapeB: ShapeID(a.shapeB),
                    point: bodies[a.bodyA].position + a[i].r1, normal: a.normal,
                    normalImpulse: a[i].normalImpulse))
            }
        }
        return result
    }

    /// Number of contact points solved in the last step.
    public var contactCount: Int {
        activeArbiters.reduce(0) { $0 + arbiters[$1].count }
    }

    /// Forgets all persistent contact state (warm-starting impulses, GJK starts).
    public mutating func removeContactCache() {
        arbiters.removeAll()
        activeArbiters.removeAll()
        for p in candidatePairs.indices { candidatePairs[p].gjkCache = 0 }
        previousDt = 0
    }

    /// A 64-bit FNV-1a hash of every body's state and the contact accumulators: equal
    /// hashes mean bit-identical simulations (on the same machine).
    public var stateHash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: Double) {
            var bits = x.bitPattern
            for _ in 0..<8 {
                h ^= bits & 0xFF
                h = h &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        for b in bodies where !b.isRemoved {
            mix(b.position.x); mix(b.position.y); mix(b.angle)
            mix(b.velocity.x); mix(b.velocity.y); mix(b.angularVelocity)
        }
        for a in arbiters {
            for i in 0..<a.count { mix(a[i].normalImpulse); mix(a[i].tangentImpulse) }
        }
        for j in joints { mix(j.pivotImpulse.x); mix(j.pivotImpulse.y) }
        return h
    }

    /// Total kinetic energy of the dynamic bodies.
    public var kineticEnergy: Double {
        bodies.reduce(0) { $0 + ($1.isRemoved ? 0 : $1.kineticEnergy) }
    }
}
