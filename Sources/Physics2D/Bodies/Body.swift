/// How a body takes part in the simulation.
public enum BodyType: String, Hashable, Sendable, Codable {
    /// Never moves; infinite mass.
    case `static`
    /// Moved only by its velocity, which the user sets; infinite mass, contacts never move it.
    case kinematic
    /// Moved by forces, contacts and joints.
    case dynamic
}

/// Where a body's mass, centre of gravity and moment come from.
public enum MassProperties: Hashable, Sendable {
    /// Accumulated from the shapes' densities (area-weighted centroid, parallel-axis moment).
    case fromShapes
    /// Set explicitly; shapes then carry no mass. `centerOfGravity` is in body coordinates
    /// and `moment` is about it.
    case explicit(mass: Double, moment: Double, centerOfGravity: Vec2)
}

/// Stable handle of a body in a `World`.
public struct BodyID: Hashable, Sendable, Comparable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: BodyID, b: BodyID) -> Bool { a.index < b.index }
}

/// A rigid body. Units: world units (pixels in the tasks), seconds, radians; y down.
///
/// As in Chipmunk, the integrated position is that of the **centre of gravity**;
/// `origin` (the body-frame origin, which is what tasks report) is derived from it.
public struct Body: Sendable {
    public internal(set) var type: BodyType
    public internal(set) var mass: Double
    public internal(set) var moment: Double
    /// Centre of gravity in body coordinates.
    public internal(set) var centerOfGravity: Vec2
    public internal(set) var inverseMass: Double
    public internal(set) var inverseMoment: Double

    /// World position of the centre of gravity.
    public internal(set) var position: Vec2
    /// Angle in radians, not wrapped.
    public internal(set) var angle: Double
    public var velocity: Vec2
    public var angularVelocity: Double
    /// Force and torque accumulated for the next step; cleared after it.
    public var force: Vec2 = .zero
    public var torque: Double = 0

    /// Position-correction velocities: they move the body in the next position update
    /// and are then discarded, so they never enter `velocity`.
    var biasVelocity: Vec2 = .zero
    var biasAngularVelocity: Double = 0

    public internal(set) var transform: Transform
    var massSource: MassProperties
    var isRemoved = false

    init(type: BodyType, origin: Vec2, angle: Double, massProperties: MassProperties) {
        self.type = type
        self.massSource = massProperties
        self.angle = angle
        self.velocity = .zero
        self.angularVelocity = 0
        switch (type, massProperties) {
        case (.dynamic, .explicit(let m, let i, let cog)):
            mass = m; moment = i; centerOfGravity = cog
            inverseMass = 1 / m; inverseMoment = 1 / i
        default:
            mass = .infinity; moment = .infinity; centerOfGravity = .zero
            inverseMass = 0; inverseMoment = 0
        }
        transform = Transform(rotation: Vec2(cos(angle), sin(angle)), translation: origin)
        position = transform.apply(centerOfGravity)
    }

    /// World position of the body-frame origin.
    public var origin: Vec2 { transform.translation }

    /// True for infinite-mass bodies (static and kinematic).
    public var hasInfiniteMass: Bool { mass == .infinity }

    /// Velocity of the body-fixed point now at world position `point`.
    public func velocity(atWorldPoint point: Vec2) -> Vec2 {
        velocity + (point - position).perp * angularVelocity
    }

    /// Recomputes the transform from `position` (centre of gravity) and `angle`.
    mutating func syncTransform() {
        transform = Transform(centerOfGravityAt: position, angle: angle, centerOfGravity: centerOfGravity)
    }

    /// Kinetic energy, `m v^2 / 2 + I w^2 / 2` (0 for infinite-mass bodies).
    public var kineticEnergy: Double {
        guard type == .dynamic else { return 0 }
        return 0.5 * mass * velocity.lengthSquared + 0.5 * moment * angularVelocity * angularVelocity
    }

    var isFiniteState: Bool {
        position.isFinite && angle.isFinite && velocity.isFinite && angularVelocity.isFinite
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
