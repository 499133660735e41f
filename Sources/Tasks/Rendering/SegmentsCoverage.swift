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
            body(SegmentsCoverage(segments: UnsafeBufferPointer(storage), radius: radius, bounds: bounds))
        }
    }

    /// Offset from the nearest point of the nearest segment to `(x, y)`, and its squared length.
    @inline(__always)
    private func nearest(x: Double, y: Double) -> (dx: Double, dy: Double, d2: Double) {
        var best = (dx: 0.0, dy: 0.0, d2: Double.infinity)
        var i = 0
        while i < segments.count {
            let px = x - segments[i], py = y - segments[i + 1]
            let sx = segments[i + 2], sy = segments[i + 3]
            let t = min(max((px * sx + py * sy) * segments[i + 4], 0), 1)
            let dx = px - sx * t, dy = py - sy * t
            let d2 = dx * dx + dy * dy
            if d2 < best.d2 { best = (dx, dy, d2) }
            i += 5
        }
        return best
    }

    @inline(__always)
    func coverage(x: Double, y: Double) -> Double {
        let (dx, dy, d2) = nearest(x: x, y: y)
        let outer = radius + pixelHalfDiagonal
        if d2 >= outer * outer { return 0 }
        let inner = radius - pixelHalfDiagonal
        if inner > 0 && d2 <= inner * inner { return 1 }
        if radius >= analyticMinimumRadius {
            let d = d2.squareRoot()
            // On the centre line the direction is undefined; the pixel is then deep inside.
            if d < 1e-12 { return 1 }
            return halfPlaneCoverage(nx: dx / d, ny: dy / d, distance: d - radius)
        }
        let r2 = radius * radius
        return supersampledCoverage { ox, oy in
            nearest(x: x + ox, y: y + oy).d2 < r2
        }
    }
}
