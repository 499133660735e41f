extension Body {
    /// Chipmunk's position update: move by real plus bias velocity, then drop the bias.
    @inline(__always)
    mutating func integratePosition(dt: Double) {
        position = position + (velocity + biasVelocity) * dt
        let turned = angle + (angularVelocity + biasAngularVelocity) * dt
        if turned.bitPattern == angle.bitPattern {
            // Same angle, same rotation: skip the cosine and sine (a pusher never turns).
            let c = centerOfGravity, rot = transform.rotation
            transform.translation = Vec2(position.x - (c.x * rot.x - c.y * rot.y),
                                         position.y - (c.x * rot.y + c.y * rot.x))
        } else {
            angle = turned
            syncTransform()
        }
        biasVelocity = .zero
        biasAngularVelocity = 0
    }

    /// Chipmunk's velocity update for dynamic bodies: `v = v * damping + (g + f / m) dt`,
    /// where `damping` is already `pow(spaceDamping, dt)`; forces are then cleared.
    @inline(__always)
    mutating func integrateVelocity(gravity: Vec2, damping: Double, dt: Double) {
        velocity = velocity * damping + (gravity + force * inverseMass) * dt
        angularVelocity = angularVelocity * damping + torque * inverseMoment * dt
        force = .zero
        torque = 0
    }

    @inline(__always)
    mutating func applyImpulse(_ j: Vec2, at r: Vec2) {
        velocity = velocity + j * inverseMass
        angularVelocity += inverseMoment * r.cross(j)
    }

    @inline(__always)
    mutating func applyBiasImpulse(_ j: Vec2, at r: Vec2) {
        biasVelocity = biasVelocity + j * inverseMass
        biasAngularVelocity += inverseMoment * r.cross(j)
    }
}
