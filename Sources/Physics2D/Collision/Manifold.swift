/// One contact point found by the narrow phase.
public struct ContactPoint: Sendable {
    /// Point on the surface of shape A, world coordinates.
    public var pointA: Vec2
    /// Point on the surface of shape B, world coordinates.
    public var pointB: Vec2
    /// Feature id: the same pair of features (vertices, edges) keeps the same id from
    /// step to step, which is how accumulated impulses persist (warm starting).
    public var feature: UInt64

    /// Signed separation along `normal` (negative when overlapping).
    public func separation(along normal: Vec2) -> Double { (pointB - pointA).dot(normal) }
}

/// The result of colliding two shapes: at most two points sharing one normal.
///
/// `shapeA` and `shapeB` are ordered by kind (circle, segment, polygon), as Chipmunk
/// orders them; `normal` points from A to B.
public struct Manifold: Sendable {
    public var shapeA: Int
    public var shapeB: Int
    public var normal: Vec2 = .zero
    public var count: Int = 0
    public var point0 = ContactPoint(pointA: .zero, pointB: .zero, feature: 0)
    public var point1 = ContactPoint(pointA: .zero, pointB: .zero, feature: 0)

    init(shapeA: Int, shapeB: Int) {
        self.shapeA = shapeA
        self.shapeB = shapeB
    }

    public subscript(i: Int) -> ContactPoint {
        get { i == 0 ? point0 : point1 }
        set { if i == 0 { point0 = newValue } else { point1 = newValue } }
    }

    mutating func push(_ a: Vec2, _ b: Vec2, feature: UInt64) {
        guard count < 2 else { return }
        self[count] = ContactPoint(pointA: a, pointB: b, feature: feature)
        count += 1
    }
}

/// Combines two feature hashes into one (order-sensitive).
@inline(__always) func hashPair(_ a: UInt64, _ b: UInt64) -> UInt64 {
    a &* 3_344_921_057 ^ b &* 3_344_921_057
}

/// Feature hash of vertex `i` of shape `shape`.
@inline(__always) func featureHash(shape: Int, vertex: Int) -> UInt64 {
    hashPair(UInt64(truncatingIfNeeded: shape) &+ 1, UInt64(truncatingIfNeeded: vertex))
}
