/// A pivot joining two bodies at one point, with an optional angular motor and optional
/// limits on the relative angle (`angle(B) - angle(A)`).
///
/// Solved with Chipmunk's constraint conventions: each part accumulates its impulse,
/// warm-starts from the last step (scaled by the dt ratio), and corrects position error
/// through a bias velocity with `errorBias` = the share of error left after one second.
public struct RevoluteJoint: Sendable {
    public let bodyA: Int
    public let bodyB: Int
    /// The pivot in each body's coordinates (relative to the body origin).
    public let anchorA: Vec2
    public let anchorB: Vec2
    /// Target relative angular velocity (rad/s) and the largest torque the motor may use;
    /// `nil` for no motor.
    public var motor: (rate: Double, maxTorque: Double)?
    /// Allowed range of the relative angle, radians; `nil` for none.
    public var limits: ClosedRange<Double>?
    /// Share of position error left after one second (Chipmunk's default 0.9^60).
    public var errorBias: Double = 0.0017970102999144338

    // Solver state.
    var r1 = Vec2.zero
    var r2 = Vec2.zero
    var k = (Vec2.zero, Vec2.zero)
    var pivotBias = Vec2.zero
    var pivotImpulse = Vec2.zero
    var angularMass = 0.0
    var motorImpulse = 0.0
    var limitBias = 0.0
    var limitImpulse = 0.0

    init(bodyA: Int, bodyB: Int, anchorA: Vec2, anchorB: Vec2) {
        self.bodyA = bodyA
        self.bodyB = bodyB
        self.anchorA = anchorA
        self.anchorB = anchorB
    }

    /// The relative angle `angle(B) - angle(A)`.
    public func relativeAngle(bodies: [Body]) -> Double { bodies[bodyB].angle - bodies[bodyA].angle }

    /// Distance between the two anchors in the world (0 for a perfect joint).
    public func drift(bodies: [Body]) -> Double {
        (bodies[bodyB].transform.apply(anchorB) - bodies[bodyA].transform.apply(anchorA)).length
    }

    mutating func preStep(bodies: [Body], dt: Double) {
        let a = bodies[bodyA], b = bodies[bodyB]
        let biasCoefficient = 1 - pow(errorBias, dt)
        r1 = a.transform.applyToVector(anchorA - a.centerOfGravity)
        r2 = b.transform.applyToVector(anchorB - b.centerOfGravity)
        k = kTensor(a, b, r1, r2)
        let delta = (b.position + r2) - (a.position + r1)
        pivotBias = delta * (-biasCoefficient / dt)

        angularMass = 1 / (a.inverseMoment + b.inverseMoment)
        if let limits {
            let angle = b.angle - a.angle
            var error = 0.0
            if angle > limits.upperBound { error = limits.upperBound - angle }
            else if angle < limits.lowerBound { error = limits.lowerBound - angle }
            limitBias = -biasCoefficient * error / dt
            if limitBias == 0 { limitImpulse = 0 }
        } else {
            limitBias = 0
            limitImpulse = 0
        }
        if motor == nil { motorImpulse = 0 }
    }

    func applyCachedImpulse(bodies: inout [Body], dtCoefficient: Double) {
        let j = pivotImpulse * dtCoefficient
        bodies[bodyA].applyImpulse(-j, at: r1)
        bodies[bodyB].applyImpulse(j, at: r2)
        let angular = (motorImpulse + limitImpulse) * dtCoefficient
        bodies.withUnsafeMutableBufferPointer { applyAngular(angular, $0) }
    }

    mutating func applyImpulse(bodies: UnsafeMutableBufferPointer<Body>, dt: Double) {
        if limitBias != 0 {
            let wr = bodies[bodyB].angularVelocity - bodies[bodyA].angularVelocity
            let j = -(limitBias + wr) * angularMass
            let old = limitImpulse
            // Pushes only back into the range: below the lower bound (bias < 0) the
            // accumulated impulse may only raise the relative velocity (>= 0), above the
            // upper bound only lower it (<= 0) — Chipmunk's cpRotaryLimitJoint clamp.
            limitImpulse = limitBias < 0 ? fmaxC(old + j, 0) : fminC(old + j, 0)
            applyAngular(limitImpulse - old, bodies)
        }
        if let motor {
            let wr = bodies[bodyB].angularVelocity - bodies[bodyA].angularVelocity - motor.rate
            let j = -wr * angularMass
            let old = motorImpulse
            let maxImpulse = motor.maxTorque * dt
            motorImpulse = clampC(old + j, -maxImpulse, maxImpulse)
            applyAngular(motorImpulse - old, bodies)
        }
        let vr = relativeVelocity(bodies[bodyA], bodies[bodyB], r1, r2)
        let rhs = pivotBias - vr
        let j = Vec2(k.0.x * rhs.x + k.0.y * rhs.y, k.1.x * rhs.x + k.1.y * rhs.y)
        pivotImpulse = pivotImpulse + j
        bodies[bodyA].applyImpulse(-j, at: r1)
        bodies[bodyB].applyImpulse(j, at: r2)
    }

    private func applyAngular(_ j: Double, _ bodies: UnsafeMutableBufferPointer<Body>) {
        bodies[bodyA].angularVelocity -= j * bodies[bodyA].inverseMoment
        bodies[bodyB].angularVelocity += j * bodies[bodyB].inverseMoment
    }
}

/// Inverse of the 2x2 effective-mass matrix of a point constraint, as two rows.
func kTensor(_ a: Body, _ b: Body, _ r1: Vec2, _ r2: Vec2) -> (Vec2, Vec2) {
    let massSum = a.inverseMass + b.inverseMass
    var k11 = massSum, k12 = 0.0, k21 = 0.0, k22 = massSum
    func add(_ r: Vec2, _ inverseMoment: Double) {
        k11 += r.y * r.y * inverseMoment
        k12 += -r.x * r.y * inverseMoment
        k21 += -r.x * r.y * inverseMoment
        k22 += r.x * r.x * inverseMoment
    }
    add(r1, a.inverseMoment)
    add(r2, b.inverseMoment)
    let inverseDeterminant = 1 / (k11 * k22 - k12 * k21)
    return (Vec2(k22 * inverseDeterminant, -k12 * inverseDeterminant),
            Vec2(-k21 * inverseDeterminant, k11 * inverseDeterminant))
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
