/// A filled disc in pixel coordinates (centre and radius in pixels).
struct DiscCoverage: CoverageShape {
    var cx: Double
    var cy: Double
    var radius: Double

    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (cx - radius, cy - radius, cx + radius, cy + radius)
    }

    func classify(x: Double, y: Double, half: Double) -> TileClass {
        let dx = x - cx, dy = y - cy
        let d = (dx * dx + dy * dy).squareRoot() - radius
        let reach = half * 2.0.squareRoot()
        return d >= reach ? .outside : (d <= -reach ? .inside : .mixed)
    }

    @inline(__always)
    func coverage(x: Double, y: Double) -> Double {
        let dx = x - cx, dy = y - cy
        let d2 = dx * dx + dy * dy
        // Cheap squared tests before the square root: most pixels are far in or far out.
        let outer = radius + pixelHalfDiagonal
        if d2 >= outer * outer { return 0 }
        let inner = radius - pixelHalfDiagonal
        if inner > 0 && d2 <= inner * inner { return 1 }
        if radius >= analyticMinimumRadius {
            let d = d2.squareRoot()
            return halfPlaneCoverage(nx: dx / d, ny: dy / d, distance: d - radius)
        }
        let r2 = radius * radius
        return supersampledCoverage { ox, oy in
            let ex = dx + ox, ey = dy + oy
            return ex * ex + ey * ey < r2
        }
    }
}
