import Physics2D

/// The union of round-capped segments sharing one radius, in pixel coordinates: a capsule
/// (one segment), a polyline or closed outline (consecutive segments), or a marker cross.
///
/// Drawn as one shape through the distance to the nearest segment, so overlapping joints
/// are blended once and never darken.
struct SegmentsCoverage: CoverageShape {
    /// Five doubles per segment: start x, start y, direction x, direction y, 1 / |direction|^2
    /// (0 for a point).
    let segments: UnsafeBufferPointer<Double>
    /// Offsets into `segments` of those that can touch the tile last classified, count
    /// first; `coverage` only looks at these (the rasterizer classifies each tile before
    /// asking about its pixels).
    let active: UnsafeMutableBufferPointer<Int>
    /// Radius in pixels (half the line width).
    let radius: Double
    let bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)

    /// Calls `body` with the union of the segments `pairs[i].0 - pairs[i].1` (pixel
    /// coordinates), or does nothing when the radius is not positive or a point is not finite.
    static func with(_ pairs: [(Vec2, Vec2)], radius: Double, _ body: (SegmentsCoverage) -> Void) {
        guard !pairs.isEmpty, radius > 0, radius.isFinite,
              pairs.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) else { return }
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        withUnsafeTemporaryAllocation(of: Int.self, capacity: pairs.count + 1) { active in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * pairs.count) { storage in
                for (i, (a, b)) in pairs.enumerated() {
                    let d = b - a
                    let l2 = d.lengthSquared
                    storage[5 * i] = a.x
                    storage[5 * i + 1] = a.y
                    storage[5 * i + 2] = d.x
                    storage[5 * i + 3] = d.y
                    storage[5 * i + 4] = l2 > 1e-24 ? 1 / l2 : 0
                    minX = min(minX, a.x, b.x); maxX = max(maxX, a.x, b.x)
                    minY = min(minY, a.y, b.y); maxY = max(maxY, a.y, b.y)
                }
                let bounds = (minX - radius, minY - radius, maxX + radius, maxY + radius)
                // Until a tile is classified, every segment is active.
                active[0] = pairs.count
                for i in 0..<pairs.count { active[i + 1] = 5 * i }
                body(SegmentsCoverage(segments: UnsafeBufferPointer(storage), active: active, radius: radius, bounds: bounds))
            }
        }
    }

    /// Squared distance from `(x, y)` to segment `i` (an offset into `segments`), the
    /// offset from the segment's nearest point, and the position along the segment in
    /// units of its length (unclamped).
    @inline(__always)
    private func distance(_ i: Int, x: Double, y: Double) -> (d2: Double, dx: Double, dy: Double, t: Double) {
        let px = x - segments[i], py = y - segments[i + 1]
        let sx = segments[i + 2], sy = segments[i + 3]
        let t = (px * sx + py * sy) * segments[i + 4]
        let tc = min(max(t, 0), 1)
        let dx = px - sx * tc, dy = py - sy * tc
        return (dx * dx + dy * dy, dx, dy, t)
    }

    func classify(x: Double, y: Double, half: Double) -> TileClass {
        let reach = half * 2.0.squareRoot()
        // A segment farther than this from the tile centre cannot touch any of its pixels.
        let touch = radius + reach + pixelHalfDiagonal
        var best = Double.infinity
        var count = 0
        var i = 0
        while i < segments.count {
            let d2 = distance(i, x: x, y: y).d2
            best = min(best, d2)
            if d2 < touch * touch {
                count += 1
                active[count] = i
            }
            i += 5
        }
        active[0] = count
        let d = best.squareRoot()
        return d - radius >= reach ? .outside : (d + reach <= radius ? .inside : .mixed)
    }

    @inline(__always)
    func coverage(x: Double, y: Double) -> Double {
        let outer = radius + pixelHalfDiagonal
        let outer2 = outer * outer
        var best = (d2: Double.infinity, dx: 0.0, dy: 0.0, t: 0.0)
        var bestIndex = 0
        var near = 0
        for k in 1..<(active[0] + 1) {
            let i = active[k]
            let found = distance(i, x: x, y: y)
            if found.d2 < outer2 { near += 1 }
            if found.d2 < best.d2 { best = found; bestIndex = i }
        }
        if near == 0 { return 0 }
        let inner = radius - pixelHalfDiagonal
        if inner > 0 && best.d2 <= inner * inner { return 1 }
        if radius >= analyticMinimumRadius {
            let d = best.d2.squareRoot()
            // On the centre line the direction is undefined; the pixel is then deep inside.
            if d < 1e-12 { return 1 }
            return halfPlaneCoverage(nx: best.dx / d, ny: best.dy / d, distance: d - radius)
        }
        let r2 = radius * radius
        if near == 1 {
            // A thin line away from its ends is a straight band: exact area as the difference
            // of two half-planes, when the whole pixel projects inside the segment.
            let sx = segments[bestIndex + 2], sy = segments[bestIndex + 3]
            let inverseLength2 = segments[bestIndex + 4]
            if inverseLength2 > 0 {
                let length = (1 / inverseLength2).squareRoot()
                let along = best.t * length
                if along >= pixelHalfDiagonal && along <= length - pixelHalfDiagonal {
                    let nx = -sy / length, ny = sx / length
                    let s = nx * (x - segments[bestIndex]) + ny * (y - segments[bestIndex + 1])
                    return halfPlaneCoverage(nx: nx, ny: ny, distance: s - radius)
                        - halfPlaneCoverage(nx: nx, ny: ny, distance: s + radius)
                }
            }
            return supersampledCoverage { ox, oy in
                distance(bestIndex, x: x + ox, y: y + oy).d2 < r2
            }
        }
        // Joints and crossings of thin lines: sample against every segment.
        return supersampledCoverage { ox, oy in
            for k in 1..<(active[0] + 1) where distance(active[k], x: x + ox, y: y + oy).d2 < r2 {
                return true
            }
            return false
        }
    }
}
