import Physics2D

/// The pushed block as the expert sees it: its convex parts in body coordinates, the
/// distance of a point to their union, and the faces a round pusher can push on.
///
/// Conventions: body coordinates of the block (y down, world units); normals point out
/// of the block. Nothing here depends on the block's pose, so the faces are computed
/// once per scene.
public struct BlockOutline: Sendable {
    /// A run of contact points along one outer edge where the pusher fits. One face is
    /// one mode of the expert: soft selection blends candidates within a face only, since
    /// blending across faces would average "push from the left" with "push from the right".
    public struct Face: Sendable, Hashable {
        /// Start of the edge (body coordinates).
        public var origin: Vec2
        /// Unit vector along the edge.
        public var tangent: Vec2
        /// Outward unit normal.
        public var normal: Vec2
        /// Contact points as distances from `origin` along `tangent`, increasing.
        public var contacts: [Double]

        /// The contact point at arclength `u` (body coordinates).
        public func point(_ u: Double) -> Vec2 { origin + tangent * u }
    }

    public let parts: [Polygon]
    public let faces: [Face]

    /// - Parameters:
    ///   - spacing: distance between contact points along an edge (world units).
    ///   - standoff: distance of the pusher centre from the face at pre-contact.
    ///   - clearance: least distance from the block a pre-contact pusher centre needs.
    public init(parts: [Polygon], spacing: Double, standoff: Double, clearance: Double) {
        self.parts = parts
        var faces: [Face] = []
        for part in parts {
            let n = part.vertices.count
            for i in 0..<n {
                // Polygon stores edge i from vertex i - 1 to vertex i, normals[i] outward.
                let a = part.vertices[(i + n - 1) % n], b = part.vertices[i]
                let length = (b - a).length
                let tangent = (b - a) * (1 / length)
                let normal = part.normals[i]
                let count = max(1, Int((length / spacing).rounded()))
                var run: [Double] = []
                func flush() {
                    if !run.isEmpty { faces.append(Face(origin: a, tangent: tangent, normal: normal, contacts: run)) }
                    run = []
                }
                for k in 0..<count {
                    let u = length * (Double(k) + 0.5) / Double(count)
                    let pusher = a + tangent * u + normal * standoff
                    if Self.distance(from: pusher, to: parts) >= clearance { run.append(u) } else { flush() }
                }
                flush()
            }
        }
        self.faces = faces
    }

    /// Distance from a body-frame point to the union of the parts (0 inside).
    public func distance(from p: Vec2) -> Double { Self.distance(from: p, to: parts) }

    static func distance(from p: Vec2, to parts: [Polygon]) -> Double {
        var best = Double.infinity
        for part in parts { best = min(best, distance(from: p, to: part)) }
        return best
    }

    /// Distance from a point to a convex polygon (0 inside).
    static func distance(from p: Vec2, to part: Polygon) -> Double {
        let v = part.vertices, n = v.count
        var inside = true
        var best = Double.infinity
        for i in 0..<n {
            let a = v[(i + n - 1) % n], b = v[i]
            if (p - a).dot(part.normals[i]) > 0 { inside = false }
            best = min(best, segmentPointDistance(a, b, p))
        }
        return inside ? 0 : best
    }

    /// Least distance between the segment `a`-`b` and the union of the parts (0 if it
    /// crosses a part). Body coordinates.
    public func distance(fromSegment a: Vec2, _ b: Vec2) -> Double {
        var best = Double.infinity
        for part in parts {
            let v = part.vertices, n = v.count
            var d = min(Self.distance(from: a, to: part), Self.distance(from: b, to: part))
            for i in 0..<n {
                let c = v[(i + n - 1) % n], e = v[i]
                if Self.segmentsCross(a, b, c, e) { d = 0; break }
                d = min(d, Self.segmentPointDistance(a, b, e))
            }
            best = min(best, d)
        }
        return best
    }

    static func segmentPointDistance(_ a: Vec2, _ b: Vec2, _ p: Vec2) -> Double {
        let ab = b - a
        let l2 = ab.lengthSquared
        let t = l2 > 0 ? min(max((p - a).dot(ab) / l2, 0), 1) : 0
        return (a + ab * t - p).length
    }

    static func segmentsCross(_ a: Vec2, _ b: Vec2, _ c: Vec2, _ d: Vec2) -> Bool {
        let d1 = (b - a).cross(c - a), d2 = (b - a).cross(d - a)
        let d3 = (d - c).cross(a - c), d4 = (d - c).cross(b - c)
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
    }
}
