import Physics2D

/// Filled convex polygons in pixel coordinates, painted as one shape: each polygon is the
/// intersection of its edges' half-planes, and the shape is their union.
///
/// Bodies made of several convex parts (the T of Push-T is two boxes) must be filled as one
/// shape: painting the parts one after the other lets the background bleed through the
/// anti-aliased pixels of their shared edge, a visible seam. Here the coverages of the parts
/// add up (clamped to 1), which is exact for parts that touch without overlapping and close
/// for parts that overlap.
///
/// Edge `i` stores its outward unit normal `n`, offset `c` (so `n . p - c` is the signed
/// distance of `p` to the edge line, positive outside) and the pixel's half-extent along
/// `n`, `(|nx| + |ny|) / 2`. The storage is borrowed from the caller (see `with`), so
/// filling allocates nothing on the heap for ordinary vertex counts.
struct ConvexPolygonsCoverage: CoverageShape {
    /// Four doubles per edge: nx, ny, c, half-extent; the parts one after the other.
    let edges: UnsafeBufferPointer<Double>
    /// Offsets into `edges` where the parts end, in order.
    let partEnds: UnsafeBufferPointer<Int>
    /// Scratch space for clipping a pixel against the edges through its corner.
    let scratch: UnsafeMutableBufferPointer<Double>
    let bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)

    /// Calls `body` with the union of `parts`, each a convex polygon (pixel coordinates,
    /// either winding). Parts without area or with a non-finite vertex are left out; when
    /// none is left, `body` is not called.
    static func with(parts: [[Vec2]], _ body: (ConvexPolygonsCoverage) -> Void) {
        let kept = parts.filter { $0.count >= 3 && $0.allSatisfy(\.isFinite) && abs(twiceArea($0)) > 1e-9 }
        guard !kept.isEmpty else { return }
        let totalVertices = kept.reduce(0) { $0 + $1.count }
        let largest = kept.map(\.count).max()!
        let scratchCount = 4 * (largest + 4)
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        for p in kept.joined() {
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: kept.count) { ends in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * totalVertices + scratchCount) { storage in
                var count = 0
                for (k, points) in kept.enumerated() {
                    let sign: Double = twiceArea(points) > 0 ? 1 : -1
                    let n = points.count
                    for i in 0..<n {
                        let p = points[i], q = points[i == n - 1 ? 0 : i + 1]
                        let d = q - p
                        let length = d.length
                        if length < 1e-12 { continue }  // repeated vertex
                        // For positive shoelace area the outward normal is (dy, -dx).
                        let nx = sign * d.y / length, ny = -sign * d.x / length
                        storage[count] = nx
                        storage[count + 1] = ny
                        storage[count + 2] = nx * p.x + ny * p.y
                        storage[count + 3] = 0.5 * (abs(nx) + abs(ny))
                        count += 4
                    }
                    ends[k] = count
                }
                let total = 4 * totalVertices
                body(ConvexPolygonsCoverage(
                    edges: UnsafeBufferPointer(rebasing: storage[0..<count]),
                    partEnds: UnsafeBufferPointer(ends),
                    scratch: UnsafeMutableBufferPointer(rebasing: storage[total..<(total + scratchCount)]),
                    bounds: (minX, minY, maxX, maxY)))
            }
        }
    }

    /// Twice the signed (shoelace) area; positive when counter-clockwise in x-right, y-up terms.
    private static func twiceArea(_ points: [Vec2]) -> Double {
        var sum = 0.0
        for i in 0..<points.count { sum += points[i].cross(points[(i + 1) % points.count]) }
        return sum
    }

    func classify(x: Double, y: Double, half: Double) -> TileClass {
        var start = 0
        var allOutside = true
        for end in partEnds {
            var inside = true
            var outside = false
            var i = start
            while i < end {
                let h = edges[i] * x + edges[i + 1] * y - edges[i + 2]
                // The stored extent is that of a unit pixel; a tile is 2 * half pixels wide.
                let e = 2 * half * edges[i + 3]
                if h >= e { outside = true; break }
                if h > -e { inside = false }
                i += 4
            }
            if !outside && inside { return .inside }
            if !outside { allOutside = false }
            start = end
        }
        return allOutside ? .outside : .mixed
    }

    @inline(__always)
    func coverage(x: Double, y: Double) -> Double {
        var total = 0.0
        var start = 0
        for end in partEnds {
            total += partCoverage(start, end, x: x, y: y)
            if total >= 1 { return 1 }
            start = end
        }
        return total
    }

    /// Coverage of the pixel centred at `(x, y)` by the part whose edges are `start..<end`.
    @inline(__always)
    private func partCoverage(_ start: Int, _ end: Int, x: Double, y: Double) -> Double {
        var crossing = 0
        var single = 0
        var singleDistance = 0.0
        var i = start
        while i < end {
            let h = edges[i] * x + edges[i + 1] * y - edges[i + 2]
            let e = edges[i + 3]
            if h >= e { return 0 }
            if h > -e {
                crossing += 1
                single = i
                singleDistance = h
            }
            i += 4
        }
        if crossing == 0 { return 1 }
        if crossing == 1 {
            return halfPlaneCoverage(nx: edges[single], ny: edges[single + 1], distance: singleDistance)
        }
        return clippedArea(start, end, x: x, y: y)
    }

    /// Exact covered area of the pixel centred at `(x, y)` when several edges of one part
    /// cross it (a corner): the pixel square clipped by each crossing half-plane
    /// (Sutherland-Hodgman), measured with the shoelace formula. Coordinates are relative
    /// to the pixel centre.
    private func clippedArea(_ start: Int, _ end: Int, x: Double, y: Double) -> Double {
        let half = scratch.count / 2
        var src = scratch.baseAddress!
        var dst = src + half
        // Pixel corners, as interleaved (x, y).
        src[0] = -0.5; src[1] = -0.5
        src[2] = 0.5; src[3] = -0.5
        src[4] = 0.5; src[5] = 0.5
        src[6] = -0.5; src[7] = 0.5
        var count = 4
        var i = start
        while i < end {
            let nx = edges[i], ny = edges[i + 1]
            let h = nx * x + ny * y - edges[i + 2]
            let e = edges[i + 3]
            i += 4
            if h <= -e { continue }  // this edge leaves the whole pixel inside
            var out = 0
            var px = src[2 * (count - 1)], py = src[2 * (count - 1) + 1]
            var pf = nx * px + ny * py + h
            for k in 0..<count {
                let qx = src[2 * k], qy = src[2 * k + 1]
                let qf = nx * qx + ny * qy + h
                if (pf <= 0) != (qf <= 0) {
                    let t = pf / (pf - qf)
                    dst[2 * out] = px + (qx - px) * t
                    dst[2 * out + 1] = py + (qy - py) * t
                    out += 1
                }
                if qf <= 0 {
                    dst[2 * out] = qx
                    dst[2 * out + 1] = qy
                    out += 1
                }
                px = qx; py = qy; pf = qf
            }
            count = out
            if count < 3 { return 0 }
            swap(&src, &dst)
        }
        var twiceArea = 0.0
        var k = count - 1
        for j in 0..<count {
            twiceArea += src[2 * k] * src[2 * j + 1] - src[2 * j] * src[2 * k + 1]
            k = j
        }
        return min(1, abs(twiceArea) * 0.5)
    }
}
