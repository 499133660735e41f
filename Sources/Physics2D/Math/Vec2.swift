/// A 2D vector in world or body units (`Double`).
///
/// Pushforward's worlds use screen conventions: x to the right, **y down**, so a
/// positive angle turns clockwise on screen. The algebra does not care; only
/// rendering does.
public struct Vec2: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Vec2(0, 0)

    public var description: String { "(\(x), \(y))" }

    @inlinable public static func + (a: Vec2, b: Vec2) -> Vec2 { Vec2(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Vec2, b: Vec2) -> Vec2 { Vec2(a.x - b.x, a.y - b.y) }
    @inlinable public static prefix func - (a: Vec2) -> Vec2 { Vec2(-a.x, -a.y) }
    @inlinable public static func * (a: Vec2, s: Double) -> Vec2 { Vec2(a.x * s, a.y * s) }
    @inlinable public static func * (s: Double, a: Vec2) -> Vec2 { Vec2(a.x * s, a.y * s) }
    @inlinable public static func / (a: Vec2, s: Double) -> Vec2 { Vec2(a.x / s, a.y / s) }
    @inlinable public static func += (a: inout Vec2, b: Vec2) { a = a + b }
    @inlinable public static func -= (a: inout Vec2, b: Vec2) { a = a - b }
    @inlinable public static func *= (a: inout Vec2, s: Double) { a = a * s }

    /// Dot product.
    @inlinable public func dot(_ b: Vec2) -> Double { x * b.x + y * b.y }

    /// The z component of the 3D cross product `self x b`.
    @inlinable public func cross(_ b: Vec2) -> Double { x * b.y - y * b.x }

    /// `self` turned by +90 degrees: `(-y, x)`.
    @inlinable public var perp: Vec2 { Vec2(-y, x) }

    /// `self` turned by -90 degrees: `(y, -x)`.
    @inlinable public var rperp: Vec2 { Vec2(y, -x) }

    @inlinable public var lengthSquared: Double { x * x + y * y }
    @inlinable public var length: Double { (x * x + y * y).squareRoot() }

    /// The unit vector along `self`; the zero vector stays zero (no NaN).
    @inlinable public var normalized: Vec2 {
        // Dividing by length + the smallest normal double keeps zero at zero, as Chipmunk does.
        self * (1.0 / (length + Double.leastNormalMagnitude))
    }

    /// `self` rotated by the unit complex number `r` (complex multiplication).
    @inlinable public func rotated(by r: Vec2) -> Vec2 {
        Vec2(x * r.x - y * r.y, x * r.y + y * r.x)
    }

    /// `self` rotated by the conjugate of `r` (the inverse rotation for a unit `r`).
    @inlinable public func unrotated(by r: Vec2) -> Vec2 {
        Vec2(x * r.x + y * r.y, y * r.x - x * r.y)
    }

    /// Linear interpolation: `a` at 0, `b` at 1.
    @inlinable public static func lerp(_ a: Vec2, _ b: Vec2, _ t: Double) -> Vec2 {
        a * (1.0 - t) + b * t
    }

    /// True when both components are finite.
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite }

    /// The unit vector at `angle` radians from the x axis.
    @inlinable public static func unit(angle: Double) -> Vec2 { Vec2(cos(angle), sin(angle)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Encoded as `[x, y]`, the natural form in scene files.
extension Vec2: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let x = try container.decode(Double.self)
        let y = try container.decode(Double.self)
        guard container.isAtEnd else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a point is [x, y]: expected 2 numbers, found more")
        }
        self.init(x, y)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(x)
        try container.encode(y)
    }
}
