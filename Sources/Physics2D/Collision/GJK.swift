/// Closest points between two convex cores by GJK, with EPA when they overlap.
///
/// The algorithm and its numerical conventions follow Chipmunk 7 (the engine behind the
/// Push-T reference): the simplex is an edge of the Minkowski difference `B - A`,
/// parameterised on `[-1, 1]`; the separating normal is that edge's normal unless the
/// closest point is a vertex of the difference. Matching these conventions matters
/// because contacts are accepted on the returned distance, and the benchmark's
/// behaviour near corners depends on it.
struct GJK {
    struct MinkowskiPoint {
        var a: Vec2
        var b: Vec2
        var ab: Vec2
        var id: UInt32

        init(_ a: (Vec2, Int), _ b: (Vec2, Int)) {
            self.a = a.0
            self.b = b.0
            self.ab = b.0 - a.0
            self.id = UInt32(a.1 & 0xFF) << 8 | UInt32(b.1 & 0xFF)
        }
    }

    /// Closest points on the two cores, the unit normal from A to B and the signed distance.
    struct ClosestPoints {
        var a: Vec2
        var b: Vec2
        var n: Vec2
        var d: Double
        var id: UInt32
    }

    static let maxIterations = 30

    let shapeA: SupportGeometry
    let shapeB: SupportGeometry

    @inline(__always) func support(_ n: Vec2) -> MinkowskiPoint {
        MinkowskiPoint(shapeA.support(-n), shapeB.support(n))
    }

    /// Runs GJK; `cache` holds the simplex indices of the previous step (0 for none) and
    /// receives this step's.
    func closestPoints(cache: inout UInt32) -> ClosestPoints {
        let v0: MinkowskiPoint, v1: MinkowskiPoint
        if cache != 0 {
            v0 = MinkowskiPoint(shapeA.point(Int((cache >> 24) & 0xFF)), shapeB.point(Int((cache >> 16) & 0xFF)))
            v1 = MinkowskiPoint(shapeA.point(Int((cache >> 8) & 0xFF)), shapeB.point(Int(cache & 0xFF)))
        } else {
            let axis = (shapeA.bounds.center - shapeB.bounds.center).perp
            v0 = support(axis)
            v1 = support(-axis)
        }
        let result = iterate(v0, v1)
        cache = result.id
        return result
    }

    private func iterate(_ start0: MinkowskiPoint, _ start1: MinkowskiPoint) -> ClosestPoints {
        var v0 = start0, v1 = start1
        var iteration = 1
        while true {
            if iteration > Self.maxIterations { return Self.closest(v0, v1) }
            let delta = v1.ab - v0.ab
            if checkArea(delta, v0.ab + v1.ab) {
                // The origin is behind the edge: flip it and look again.
                swap(&v0, &v1)
                continue
            }
            let t = closestT(v0.ab, v1.ab)
            let n = (-1.0 < t && t < 1.0) ? delta.perp : -lerpT(v0.ab, v1.ab, t)
            let p = support(n)
            if checkArea(v1.ab - p.ab, v1.ab + p.ab) && checkArea(v0.ab + p.ab, v0.ab - p.ab) {
                // The triangle v0, p, v1 holds the origin: the cores overlap.
                return epa(v0, p, v1)
            }
            if p.ab.dot(n) <= fmaxC(v0.ab.dot(n), v1.ab.dot(n)) {
                // p is no closer than the edge we have: that edge is the closest feature.
                return Self.closest(v0, v1)
            }
            if closestDistance(v0.ab, p.ab) < closestDistance(p.ab, v1.ab) {
                v1 = p
            } else {
                v0 = p
            }
            iteration += 1
        }
    }

    /// Expanding polytope: grows the hull of the Minkowski difference toward the origin
    /// until no support point lies beyond its closest edge.
    private func epa(_ a: MinkowskiPoint, _ b: MinkowskiPoint, _ c: MinkowskiPoint) -> ClosestPoints {
        var hull = [a, b, c]
        var next: [MinkowskiPoint] = []
        var iteration = 1
        while true {
            let count = hull.count
            var mini = 0
            var minDistance = Double.infinity
            var i = count - 1
            for j in 0..<count {
                let d = closestDistance(hull[i].ab, hull[j].ab)
                if d < minDistance {
                    minDistance = d
                    mini = i
                }
                i = j
            }
            let v0 = hull[mini], v1 = hull[(mini + 1) % count]
            let p = support((v1.ab - v0.ab).perp)
            guard checkArea(v1.ab - v0.ab, (p.ab - v0.ab) + (p.ab - v1.ab)) && iteration < Self.maxIterations else {
                return Self.closest(v0, v1)
            }
            // Rebuild the hull with p inserted, dropping points it makes interior.
            next.removeAll(keepingCapacity: true)
            next.append(p)
            for k in 0..<count {
                let index = (mini + 1 + k) % count
                let h0 = next[next.count - 1].ab
                let h1 = hull[index].ab
                let h2 = (k + 1 < count ? hull[(index + 1) % count] : p).ab
                if checkArea(h2 - h0, (h1 - h0) + (h1 - h2)) { next.append(hull[index]) }
            }
            swap(&hull, &next)
            iteration += 1
        }
    }

    /// Closest points given the closest edge (v0, v1) of the Minkowski difference.
    static func closest(_ v0: MinkowskiPoint, _ v1: MinkowskiPoint) -> ClosestPoints {
        let t = closestT(v0.ab, v1.ab)
        let p = lerpT(v0.ab, v1.ab, t)
        let pa = lerpT(v0.a, v1.a, t)
        let pb = lerpT(v0.b, v1.b, t)
        let id = (v0.id & 0xFFFF) << 16 | (v1.id & 0xFFFF)
        let n = (v1.ab - v0.ab).rperp.normalized
        let d = n.dot(p)
        if d <= 0 || (-1.0 < t && t < 1.0) {
            // Overlapping, or a vertex against an edge: the edge normal is the exact axis.
            return ClosestPoints(a: pa, b: pb, n: n, d: d, id: id)
        }
        // Vertex against vertex: the axis is the direction between the closest points.
        let d2 = p.length
        return ClosestPoints(a: pa, b: pb, n: p * (1.0 / (d2 + Double.leastNormalMagnitude)), d: d2, id: id)
    }
}

// MARK: - Chipmunk's scalar conventions

/// `a > b ? a : b`, which (unlike `Swift.max`) has C's behaviour with NaN.
@inline(__always) func fmaxC(_ a: Double, _ b: Double) -> Double { a > b ? a : b }
/// `a < b ? a : b`.
@inline(__always) func fminC(_ a: Double, _ b: Double) -> Double { a < b ? a : b }
@inline(__always) func clampC(_ f: Double, _ lo: Double, _ hi: Double) -> Double { fminC(fmaxC(f, lo), hi) }
@inline(__always) func clamp01(_ f: Double) -> Double { fmaxC(0, fminC(f, 1)) }

/// The closest point to the origin on the segment `a`-`b`, as a parameter in [-1, 1].
@inline(__always) func closestT(_ a: Vec2, _ b: Vec2) -> Double {
    let delta = b - a
    return -clampC(delta.dot(a + b) / delta.lengthSquared, -1, 1)
}

/// Linear interpolation with the parameter in [-1, 1].
@inline(__always) func lerpT(_ a: Vec2, _ b: Vec2, _ t: Double) -> Vec2 {
    let ht = 0.5 * t
    return a * (0.5 - ht) + b * (0.5 + ht)
}

@inline(__always) func closestDistance(_ v0: Vec2, _ v1: Vec2) -> Double {
    lerpT(v0, v1, closestT(v0, v1)).lengthSquared
}

@inline(__always) func checkArea(_ v1: Vec2, _ v2: Vec2) -> Bool {
    v1.x * v2.y > v1.y * v2.x
}
