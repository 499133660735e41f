/// Sequential-impulse contact solving with Chipmunk 7's semantics: position error is
/// removed through bias velocities that never enter the real velocity, impulses are
/// accumulated and clamped per contact, and last step's impulses warm-start this one.
extension Arbiter {
    mutating func preStep(bodies: [Body], dt: Double, slop: Double, biasCoefficient: Double) {
        let a = bodies[bodyA], b = bodies[bodyB]
        let n = normal
        let bodyDelta = b.position - a.position
        for i in 0..<count {
            var c = self[i]
            c.normalMass = 1.0 / kScalar(a, b, c.r1, c.r2, n)
            c.tangentMass = 1.0 / kScalar(a, b, c.r1, c.r2, n.perp)
            let distance = ((c.r2 - c.r1) + bodyDelta).dot(n)
            c.bias = -biasCoefficient * fminC(0, distance + slop) / dt
            c.biasImpulse = 0
            c.bounce = relativeVelocity(a, b, c.r1, c.r2).dot(n) * restitution
            self[i] = c
        }
    }

    func applyCachedImpulse(bodies: inout [Body], dtCoefficient: Double) {
        guard state != .firstCollision else { return }
        for i in 0..<count {
            let c = self[i]
            let j = normal.rotated(by: Vec2(c.normalImpulse, c.tangentImpulse)) * dtCoefficient
            bodies[bodyA].applyImpulse(-j, at: c.r1)
            bodies[bodyB].applyImpulse(j, at: c.r2)
        }
    }

    /// One sequential-impulse pass over the contacts. `bodies` is the world's body storage,
    /// borrowed once for all iterations of a step.
    mutating func applyImpulse(bodies: UnsafeMutableBufferPointer<Body>) {
        let n = normal
        for i in 0..<count {
            var c = self[i]
            let a = bodies[bodyA], b = bodies[bodyB]
            let vb1 = a.biasVelocity + c.r1.perp * a.biasAngularVelocity
            let vb2 = b.biasVelocity + c.r2.perp * b.biasAngularVelocity
            let vr = relativeVelocity(a, b, c.r1, c.r2)

            let vbn = (vb2 - vb1).dot(n)
            let vrn = vr.dot(n)
            let vrt = vr.dot(n.perp)

            let jbn = (c.bias - vbn) * c.normalMass
            let jbnOld = c.biasImpulse
            c.biasImpulse = fmaxC(jbnOld + jbn, 0)

            let jn = -(c.bounce + vrn) * c.normalMass
            let jnOld = c.normalImpulse
            c.normalImpulse = fmaxC(jnOld + jn, 0)

            let jtMax = friction * c.normalImpulse
            let jt = -vrt * c.tangentMass
            let jtOld = c.tangentImpulse
            c.tangentImpulse = clampC(jtOld + jt, -jtMax, jtMax)

            let biasJ = n * (c.biasImpulse - jbnOld)
            bodies[bodyA].applyBiasImpulse(-biasJ, at: c.r1)
            bodies[bodyB].applyBiasImpulse(biasJ, at: c.r2)
            let j = n.rotated(by: Vec2(c.normalImpulse - jnOld, c.tangentImpulse - jtOld))
            bodies[bodyA].applyImpulse(-j, at: c.r1)
            bodies[bodyB].applyImpulse(j, at: c.r2)
            self[i] = c
        }
    }
}

/// Velocity of B's point `r2` relative to A's point `r1`.
@inline(__always) func relativeVelocity(_ a: Body, _ b: Body, _ r1: Vec2, _ r2: Vec2) -> Vec2 {
    (b.velocity + r2.perp * b.angularVelocity) - (a.velocity + r1.perp * a.angularVelocity)
}

/// Effective inverse mass of the pair along `n` at the given lever arms.
@inline(__always) func kScalar(_ a: Body, _ b: Body, _ r1: Vec2, _ r2: Vec2, _ n: Vec2) -> Double {
    let rcn1 = r1.cross(n), rcn2 = r2.cross(n)
    return (a.inverseMass + a.inverseMoment * rcn1 * rcn1) + (b.inverseMass + b.inverseMoment * rcn2 * rcn2)
}
