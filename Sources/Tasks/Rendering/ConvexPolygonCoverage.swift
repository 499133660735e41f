import Physics2D

/// A filled convex polygon in pixel coordinates, as the intersection of its edges' half-planes.
///
/// Edge `i` stores its outward unit normal `n`, offset `c` (so `n . p - c` is the signed
/// distance of `p` to the edge line, positive outside) and the pixel's half-extent along
/// `n`, `(|nx| + |ny|) / 2`. The storage is borrowed from the caller (see `with`), so
/// filling a polygon allocates nothing on the heap for ordinary vertex counts.
struct ConvexPolygonCoverage: CoverageShape {
    /// Four doubles per edge: nx, ny, c, half-extent.
    let edges: UnsafeBufferPointer<Double>
    /// Scratch space for clipping a pixel against the edges through its corner.
    let scratch: UnsafeMutableBufferPointer<Double>
    let bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)

    /// Calls `body` with the polygon through `points` (pixel coordinates, either winding),
    /// or does nothing when the polygon has no area or a non-finite vertex.
    static func with(points: [Vec2], _ body: (ConvexPolygonCoverage) -> Void) {
        let n = points.count
        guard n >= 3, points.allSatisfy(\.isFinite) else { return }
        var twiceArea = 0.0
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            let p = points[i], q = points[i == n - 1 ? 0 : i + 1]
            twiceArea += p.cross(q)
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        // Far below a pixel: a degenerate (zero-size) polygon draws nothing.
        guard abs(twiceArea) > 1e-9 else { return }
        let sign: Double = twiceArea > 0 ? 1 : -1
        let scratchCount = 4 * (n + 4)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * n + scratchCount) { storage in
            var count = 0
            for i in 0..<n {
                let p = points[i], q = points[i == n - 1 ? 0 : i + 1]
                let d = q - p
                let length = d.length
                if length < 1e-12 { continue }  // repeated vertex
                // For positive shoelace area the outward normal is (dy, -dx).
                let nx = sign * d.y / length, ny = -sign * d.x / length
                storage[4 * count] = nx
                storage[4 * count + 1] = ny
                storage[4 * count + 2] = nx * p.x + ny * p.y
                storage[4 * count + 3] = 0.5 * (abs(nx) + abs(ny))
                count += 1
            }
            let edges = UnsafeBufferPointer(rebasing: storage[0..<(4 * count)])
            let scratch = UnsafeMutableBufferPointer(rebasing: storage[(4 * n)..<(4 * n + scratchCount)])
            body(ConvexPolygonCoverage(edges: edges, scratch: scratch, bounds: (minX, minY, maxX, maxY)))
        }
    }

    func classify(x: Double, y: Double, half: Double) -> TileClass {
        var inside = true
        var i = 0
        while i < edges.count {
            let h = edges[i] * x + edges[i + 1] * y - edges[i + 2]
            // The stored extent is that of a unit pixel; a tile is 2 * half pixels wide.
            let e = 2 * half * edges[i + 3]
            if h >= e { return .outside }
            if h > -e { inside = false }
            i += 4
        }
        return inside ? .inside : .mixed
    }

    @inline(__always)
    func coverage(x: Double, y: Double) -> Double {
        var crossing = 0
        var single = 0
        var singleDistance = 0.0
        var i = 0
        while i < edges.count {
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
        return clippedArea(x: x, y: y)
    }

    /// Exact covered area of the pixel centred at `(x, y)` when several edges cross it
    /// (a polygon corner): the pixel square clipped by each crossing half-plane
    /// (Sutherland-Hodgman), measured with the shoelace formula. Coordinates are relative
    /// to the pixel centre.
    private func clippedArea(x: Double, y: Double) -> Double {
        let half = scratch.count / 2
        var src = scratch.baseAddress!
        var dst = src + half
        // Pixel corners, as interleaved (x, y).
        src[0] = -0.5; src[1] = -0.5
        src[2] = 0.5; src[3] = -0.5
        src[4] = 0.5; src[5] = 0.5
        src[6] = -0.5; src[7] = 0.5
        var count = 4
        var i = 0
        while i < edges.count {
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
