#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rigid transform from body coordinates to world coordinates:
/// `world = rotation * local + translation`.
///
/// The rotation is stored as the unit complex number `(cos a, sin a)`; the
/// arithmetic follows the operation order of Chipmunk's `cpTransform` so that
/// Push-T states agree with the reference to the last bits where possible.
public struct Transform: Hashable, Sendable {
    /// `(cos angle, sin angle)`.
    public var rotation: Vec2
    /// World position of the body origin.
    public var translation: Vec2

    public static let identity = Transform(rotation: Vec2(1, 0), translation: .zero)

    @inlinable public init(rotation: Vec2, translation: Vec2) {
        self.rotation = rotation
        self.translation = translation
    }

    /// The transform of a body whose centre of gravity, at `centerOfGravity` in body
    /// coordinates, sits at `position` in the world, turned by `angle` radians.
    @inlinable public init(centerOfGravityAt position: Vec2, angle: Double, centerOfGravity c: Vec2) {
        let rot = Vec2(cos(angle), sin(angle))
        self.rotation = rot
        self.translation = Vec2(
            position.x - (c.x * rot.x - c.y * rot.y),
            position.y - (c.x * rot.y + c.y * rot.x))
    }

    /// Maps a body-space point to world space.
    @inlinable public func apply(_ p: Vec2) -> Vec2 {
        Vec2(rotation.x * p.x + (-rotation.y) * p.y + translation.x,
             rotation.y * p.x + rotation.x * p.y + translation.y)
    }

    /// Maps a body-space direction to world space (no translation).
    @inlinable public func applyToVector(_ v: Vec2) -> Vec2 {
        Vec2(rotation.x * v.x + (-rotation.y) * v.y,
             rotation.y * v.x + rotation.x * v.y)
    }

    /// Maps a world-space point to body space.
    @inlinable public func inverseApply(_ p: Vec2) -> Vec2 {
        (p - translation).unrotated(by: rotation)
    }
}
