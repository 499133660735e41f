import Physics2D

/// Anti-aliased drawing in world coordinates (see `Canvas` for the mapping; y down).
///
/// Every primitive takes a colour and an `opacity` in [0, 1] and blends by exact covered
/// area times opacity. Shapes are clipped to the canvas; empty shapes (fewer than 3
/// vertices, zero area, zero radius or width) and shapes with non-finite coordinates draw
/// nothing.
extension Canvas {
    /// Fills a convex polygon given by its vertices in world units, in either winding order.
    /// A non-convex polygon is drawn as the intersection of its edges' half-planes.
    public mutating func fillPolygon(_ points: [Vec2], color: RGB, opacity: Double = 1) {
        fillPolygons([points], color: color, opacity: opacity)
    }

    /// Fills the union of convex polygons (world units) as one shape, so that parts sharing
    /// an edge show no seam (draw a multi-part body this way, not part by part). Exact
    /// where parts touch; where they overlap, edge pixels of the overlap may come out a
    /// little too opaque.
    public mutating func fillPolygons(_ parts: [[Vec2]], color: RGB, opacity: Double = 1) {
        let pixels = parts.map { $0.map(pixelPoint) }
        ConvexPolygonsCoverage.with(parts: pixels) { shape in
            rasterize(shape, color: color, opacity: opacity)
        }
    }

    /// Fills a disc; `center` and `radius` in world units.
    public mutating func fillDisc(center: Vec2, radius: Double, color: RGB, opacity: Double = 1) {
        let c = pixelPoint(center)
        let r = radius * pixelsPerUnit
        guard r > 0, r.isFinite, c.isFinite else { return }
        rasterize(DiscCoverage(cx: c.x, cy: c.y, radius: r), color: color, opacity: opacity)
    }

    /// Fills a capsule: all points within `radius` world units of the segment `from`-`to`
    /// (a thick line with round caps). A zero-length segment is a disc.
    public mutating func fillCapsule(from a: Vec2, to b: Vec2, radius: Double, color: RGB, opacity: Double = 1) {
        strokeSegments([(a, b)], radius: radius * pixelsPerUnit, color: color, opacity: opacity)
    }

    /// Strokes the closed outline of a polygon (world units) with a band of `width`
    /// centred on the boundary, with round joins.
    public mutating func strokePolygon(_ points: [Vec2], width: Length, color: RGB, opacity: Double = 1) {
        guard let first = points.first else { return }
        var pairs = zip(points, points.dropFirst()).map { ($0, $1) }
        pairs.append((points[points.count - 1], first))
        strokeSegments(pairs, radius: 0.5 * pixelLength(width), color: color, opacity: opacity)
    }

    /// Strokes an open path through `points` (world units) with round caps and joins.
    public mutating func strokePolyline(_ points: [Vec2], width: Length, color: RGB, opacity: Double = 1) {
        guard let first = points.first else { return }
        let pairs = points.count == 1 ? [(first, first)] : zip(points, points.dropFirst()).map { ($0, $1) }
        strokeSegments(pairs, radius: 0.5 * pixelLength(width), color: color, opacity: opacity)
    }

    /// Draws a cross centred at `center` (world units); `size` is the half-length of each
    /// arm and `width` the line width.
    public mutating func drawMarker(at center: Vec2, size: Length, width: Length, style: MarkerStyle = .cross,
                                    color: RGB, opacity: Double = 1) {
        let s = pixelLength(size) / pixelsPerUnit  // back to world units for the arm ends
        let arms: [(Vec2, Vec2)]
        switch style {
        case .cross:
            let d = s * 0.5.squareRoot()
            arms = [(center + Vec2(-d, -d), center + Vec2(d, d)), (center + Vec2(-d, d), center + Vec2(d, -d))]
        case .plus:
            arms = [(center + Vec2(-s, 0), center + Vec2(s, 0)), (center + Vec2(0, -s), center + Vec2(0, s))]
        }
        strokeSegments(arms, radius: 0.5 * pixelLength(width), color: color, opacity: opacity)
    }

    /// Union of round-capped segments given in world units, radius in pixels.
    private mutating func strokeSegments(_ pairs: [(Vec2, Vec2)], radius: Double, color: RGB, opacity: Double) {
        let mapped = pairs.map { (pixelPoint($0.0), pixelPoint($0.1)) }
        SegmentsCoverage.with(mapped, radius: radius) { shape in
            rasterize(shape, color: color, opacity: opacity)
        }
    }
}
