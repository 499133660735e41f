/// A validated convex polygon in body coordinates.
///
/// Vertices are stored with positive signed area in the engine's algebra
/// (`sum cross(v[i], v[i+1]) > 0`), which is counter-clockwise with y up and
/// therefore clockwise on a y-down screen. Any input winding is accepted and
/// normalised. Edge `i` runs from vertex `i - 1` to vertex `i`, and `normals[i]` is
/// its outward unit normal — the layout Chipmunk uses, so contact features agree.
public struct Polygon: Hashable, Sendable {
    public let vertices: [Vec2]
    /// `normals[i]` is the outward normal of the edge from `vertices[i - 1]` to `vertices[i]`.
    public let normals: [Vec2]
    /// Rounding radius: the polygon is inflated by this much.
    public let radius: Double

    /// Validates and stores `vertices`.
    /// - Throws: `PhysicsError` for fewer than 3 vertices, non-finite values, a
    ///   degenerate (zero-area) or non-convex outline.
    public init(_ vertices: [Vec2], radius: Double = 0) throws(PhysicsError) {
        guard vertices.count >= 3 else { throw .tooFewVertices(count: vertices.count) }
        for v in vertices where !v.isFinite { throw .nonFinite(what: "polygon vertex \(v)") }
        guard radius.isFinite else { throw .nonFinite(what: "polygon radius") }
        guard radius >= 0 else { throw .negativeRadius(radius: radius) }

        let area = Polygon.signedArea(vertices)
        let scale = vertices.map { $0.lengthSquared }.max() ?? 1
        guard abs(area) > 1e-12 * max(scale, 1) else { throw .degeneratePolygon(area: area) }
        // Every turn must go the way the area says; a tiny tolerance accepts collinear
        // points produced by rounding but rejects any real dent.
        let n = vertices.count
        let sign = area > 0 ? 1.0 : -1.0
        for i in 0..<n {
            let a = vertices[(i + n - 1) % n], b = vertices[i], c = vertices[(i + 1) % n]
            if (c - b).lengthSquared == 0 { throw .degeneratePolygon(area: area) }
            let turn = sign * (b - a).cross(c - b)
            if turn < -1e-12 * (b - a).length * (c - b).length { throw .nonConvexPolygon(vertex: i) }
        }
        // Canonical order, as Chipmunk's convex hull leaves it: positive area, starting at
        // the vertex with the least x (then least y). Only ties between support points
        // depend on this, but it keeps those identical to the reference.
        var ordered = area > 0 ? vertices : Array(vertices.reversed())
        var first = 0
        for i in 1..<n where ordered[i].x < ordered[first].x
            || (ordered[i].x == ordered[first].x && ordered[i].y < ordered[first].y) {
            first = i
        }
        ordered = Array(ordered[first...] + ordered[..<first])
        self.vertices = ordered
        self.normals = (0..<n).map { i in
            (ordered[i] - ordered[(i + n - 1) % n]).rperp.normalized
        }
        self.radius = radius
    }

    /// An axis-aligned box centred on `center`, `width` along x and `height` along y.
    public static func box(width: Double, height: Double, center: Vec2 = .zero, radius: Double = 0) throws(PhysicsError) -> Polygon {
        let hw = width / 2, hh = height / 2
        return try Polygon([
            Vec2(center.x - hw, center.y - hh), Vec2(center.x + hw, center.y - hh),
            Vec2(center.x + hw, center.y + hh), Vec2(center.x - hw, center.y + hh),
        ], radius: radius)
    }

    /// Signed area (positive for the engine's canonical winding).
    public static func signedArea(_ v: [Vec2]) -> Double {
        var sum = 0.0
        for i in 0..<v.count { sum += v[i].cross(v[(i + 1) % v.count]) }
        return 0.5 * sum
    }

    /// Area of the core polygon (the rounding radius is not included).
    public var area: Double { Polygon.signedArea(vertices) }

    /// The area-weighted centroid.
    public var centroid: Vec2 {
        var sum = Vec2.zero
        var twiceArea = 0.0
        for i in 0..<vertices.count {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            let c = a.cross(b)
            twiceArea += c
            sum += (a + b) * c
        }
        return sum / (3 * twiceArea)
    }

    /// Moment of inertia about the body origin for mass `m` spread uniformly over the core polygon.
    public func moment(mass m: Double) -> Double {
        // Sum over triangles (origin, a, b) of the second moment, as Chipmunk's
        // cpMomentForPoly does. The triangle areas are *signed*: when the origin lies
        // outside the polygon, triangles over edges facing the origin count negatively.
        var numerator = 0.0, denominator = 0.0
        for i in 0..<vertices.count {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            let c = a.cross(b)
            numerator += c * (a.dot(a) + a.dot(b) + b.dot(b))
            denominator += c
        }
        return m * numerator / (6 * denominator)
    }
}
