/// The geometry of one collision shape, in body coordinates.
public enum ShapeGeometry: Hashable, Sendable {
    /// A disc of `radius` centred at `center`.
    case circle(center: Vec2, radius: Double)
    /// A segment from `a` to `b`, inflated by `radius` (a capsule).
    case segment(a: Vec2, b: Vec2, radius: Double)
    /// A convex polygon, optionally rounded.
    case polygon(Polygon)

    /// Chipmunk's type order (circle < segment < polygon): pairs are collided with the
    /// lower kind first, so normals point from the lower kind to the higher.
    var kindOrder: Int {
        switch self {
        case .circle: 0
        case .segment: 1
        case .polygon: 2
        }
    }

    /// Area of the shape, including rounding.
    public var area: Double {
        switch self {
        case .circle(_, let r):
            return Double.pi * r * r
        case .segment(let a, let b, let r):
            return Double.pi * r * r + 2 * r * (b - a).length
        case .polygon(let p):
            let r = p.radius
            var perimeter = 0.0
            for i in 0..<p.vertices.count { perimeter += (p.vertices[(i + 1) % p.vertices.count] - p.vertices[i]).length }
            return p.area + perimeter * r + Double.pi * r * r
        }
    }

    /// Centroid in body coordinates (of the core shape for polygons).
    public var centroid: Vec2 {
        switch self {
        case .circle(let c, _): return c
        case .segment(let a, let b, _): return Vec2.lerp(a, b, 0.5)
        case .polygon(let p): return p.centroid
        }
    }

    /// Moment of inertia about the body origin for `mass` spread over the shape.
    public func moment(mass m: Double) -> Double {
        switch self {
        case .circle(let c, let r):
            return m * (0.5 * r * r + c.lengthSquared)
        case .segment(let a, let b, let r):
            let length = (b - a).length
            let offset = Vec2.lerp(a, b, 0.5)
            return m * ((length * length + 4 * r * r) / 12 + offset.lengthSquared)
        case .polygon(let p):
            return p.moment(mass: m)
        }
    }

    func validate() throws(PhysicsError) {
        switch self {
        case .circle(let c, let r):
            guard c.isFinite, r.isFinite else { throw .nonFinite(what: "circle") }
            guard r >= 0 else { throw .negativeRadius(radius: r) }
        case .segment(let a, let b, let r):
            guard a.isFinite, b.isFinite, r.isFinite else { throw .nonFinite(what: "segment") }
            guard r >= 0 else { throw .negativeRadius(radius: r) }
        case .polygon:
            break  // validated on construction
        }
    }
}
