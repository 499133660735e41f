/// Narrow phase: contact manifolds for every pair of shape kinds.
///
/// Pairs are ordered circle < segment < polygon and the normal points from the first
/// to the second. A pair is in contact when the cores are closer than the sum of the
/// radii (touching counts), and each point records where the two surfaces are.
enum Collide {
    /// Collides shapes `i` and `j` (given in any order); `gjkCache` carries the GJK
    /// simplex from the previous step of this pair.
    static func shapes(_ i: Int, _ j: Int, in shapes: [Shape], gjkCache: inout UInt32) -> Manifold {
        let (ia, ib) = shapes[i].geometry.kindOrder > shapes[j].geometry.kindOrder ? (j, i) : (i, j)
        let a = shapes[ia], b = shapes[ib]
        var m = Manifold(shapeA: ia, shapeB: ib)
        switch (a.geometry, b.geometry) {
        case (.circle(_, let ra), .circle(_, let rb)):
            circleCircle(a.worldA, ra, b.worldA, rb, &m)
        case (.circle(_, let r), .segment(_, _, let sr)):
            circleSegment(center: a.worldA, radius: r, b.worldA, b.worldB, sr, normal: b.worldNormal, &m)
        case (.circle(_, let r), .polygon(let poly)):
            let points = GJK(shapeA: SupportGeometry(a), shapeB: SupportGeometry(b)).closestPoints(cache: &gjkCache)
            if points.d <= r + poly.radius {
                m.normal = points.n
                m.push(points.a + points.n * r, points.b - points.n * poly.radius, feature: 0)
            }
        case (.segment, .segment), (.segment, .polygon), (.polygon, .polygon):
            let points = GJK(shapeA: SupportGeometry(a), shapeB: SupportGeometry(b)).closestPoints(cache: &gjkCache)
            if points.d - a.radius - b.radius <= 0 {
                contactPoints(supportEdge(a, index: ia, along: points.n),
                              supportEdge(b, index: ib, along: -points.n), points, &m)
            }
        default:
            preconditionFailure("shape pair not ordered by kind")
        }
        return m
    }

    private static func circleCircle(_ c1: Vec2, _ r1: Double, _ c2: Vec2, _ r2: Double, _ m: inout Manifold) {
        let minDistance = r1 + r2
        let delta = c2 - c1
        let distanceSquared = delta.lengthSquared
        guard distanceSquared < minDistance * minDistance else { return }
        let distance = distanceSquared.squareRoot()
        let n = distance != 0 ? delta * (1.0 / distance) : Vec2(1, 0)
        m.normal = n
        m.push(c1 + n * r1, c2 + n * (-r2), feature: 0)
    }

    private static func circleSegment(center: Vec2, radius: Double, _ sa: Vec2, _ sb: Vec2, _ sr: Double,
                                      normal: Vec2, _ m: inout Manifold) {
        let segmentDelta = sb - sa
        let t = clamp01(segmentDelta.dot(center - sa) / segmentDelta.lengthSquared)
        let closest = sa + segmentDelta * t
        let minDistance = radius + sr
        let delta = closest - center
        let distanceSquared = delta.lengthSquared
        guard distanceSquared < minDistance * minDistance else { return }
        let distance = distanceSquared.squareRoot()
        let n = distance != 0 ? delta * (1.0 / distance) : normal
        m.normal = n
        m.push(center + n * radius, closest + n * (-sr), feature: 0)
    }

    /// An edge of a shape's core facing along `n`, with its vertices' feature hashes.
    struct Edge {
        var a: Vec2
        var b: Vec2
        var hashA: UInt64
        var hashB: UInt64
        var radius: Double
        var normal: Vec2
    }

    static func supportEdge(_ shape: Shape, index: Int, along n: Vec2) -> Edge {
        switch shape.geometry {
        case .segment(_, _, let r):
            let h0 = featureHash(shape: index, vertex: 0), h1 = featureHash(shape: index, vertex: 1)
            if shape.worldNormal.dot(n) > 0 {
                return Edge(a: shape.worldA, b: shape.worldB, hashA: h0, hashB: h1, radius: r, normal: shape.worldNormal)
            }
            return Edge(a: shape.worldB, b: shape.worldA, hashA: h1, hashB: h0, radius: r, normal: -shape.worldNormal)
        case .polygon(let p):
            let vertices = shape.worldVertices, normals = shape.worldNormals
            let count = vertices.count
            let i1 = SupportGeometry.supportIndex(vertices, n)
            let i0 = (i1 - 1 + count) % count
            let i2 = (i1 + 1) % count
            if n.dot(normals[i1]) > n.dot(normals[i2]) {
                return Edge(a: vertices[i0], b: vertices[i1], hashA: featureHash(shape: index, vertex: i0),
                            hashB: featureHash(shape: index, vertex: i1), radius: p.radius, normal: normals[i1])
            }
            return Edge(a: vertices[i1], b: vertices[i2], hashA: featureHash(shape: index, vertex: i1),
                        hashB: featureHash(shape: index, vertex: i2), radius: p.radius, normal: normals[i2])
        case .circle:
            preconditionFailure("circles have no edges")
        }
    }

    /// Clips two facing edges against each other: each end of one edge projected on the
    /// other gives a candidate point, kept when the surfaces overlap there.
    static func contactPoints(_ e1: Edge, _ e2: Edge, _ points: GJK.ClosestPoints, _ m: inout Manifold) {
        guard points.d <= e1.radius + e2.radius else { return }
        let n = points.n
        m.normal = n
        let d1a = e1.a.cross(n), d1b = e1.b.cross(n)
        let d2a = e2.a.cross(n), d2b = e2.b.cross(n)
        let denominator1 = 1.0 / (d1b - d1a)
        let denominator2 = 1.0 / (d2b - d2a)
        do {
            let p1 = n * e1.radius + Vec2.lerp(e1.a, e1.b, clamp01((d2b - d1a) * denominator1))
            let p2 = n * (-e2.radius) + Vec2.lerp(e2.a, e2.b, clamp01((d1a - d2a) * denominator2))
            if (p2 - p1).dot(n) <= 0 { m.push(p1, p2, feature: hashPair(e1.hashA, e2.hashB)) }
        }
        do {
            let p1 = n * e1.radius + Vec2.lerp(e1.a, e1.b, clamp01((d2a - d1a) * denominator1))
            let p2 = n * (-e2.radius) + Vec2.lerp(e2.a, e2.b, clamp01((d1b - d2a) * denominator2))
            if (p2 - p1).dot(n) <= 0 { m.push(p1, p2, feature: hashPair(e1.hashB, e2.hashA)) }
        }
    }
}
