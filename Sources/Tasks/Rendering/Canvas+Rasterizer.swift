/// The anti-aliasing core shared by every primitive.
///
/// A shape reports, for the pixel centred at a point (continuous pixel coordinates), the
/// share of that pixel's area it covers. Shapes classify most pixels as fully inside or
/// fully outside from a signed distance alone; only pixels that a boundary crosses pay for
/// an exact half-plane area (straight edges, large curves), a polygon clip (polygon corners),
/// the difference of two half-planes (thin straight lines) or 4 x 4 supersampling (ends and
/// joints of thin lines, small discs: where the boundary is not locally straight). Before that, whole 8 x 8 tiles are classified the same way, so large
/// interiors are filled and empty parts of the bounding box skipped without per-pixel work.
protocol CoverageShape {
    /// A box that contains the shape, in continuous pixel coordinates.
    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) { get }
    /// Covered share of the unit pixel centred at `(x, y)`, in [0, 1].
    func coverage(x: Double, y: Double) -> Double
    /// Whether the axis-aligned square of half-side `half` (pixels) centred at `(x, y)` is
    /// certainly all inside, certainly all outside, or neither (`.mixed` is always safe).
    func classify(x: Double, y: Double, half: Double) -> TileClass
}

/// How a square of pixels relates to a shape.
enum TileClass {
    case outside, inside, mixed
}

/// Side of the square tiles the rasterizer classifies before looking at single pixels.
let tileSize = 8

/// Half the diagonal of a pixel (plus a hair): a boundary farther than this from a pixel
/// centre cannot cross the pixel.
let pixelHalfDiagonal = 0.7071068

/// Below this radius (pixels) curved shapes use supersampling instead of the tangent
/// half-plane, whose error grows like 1 / radius.
let analyticMinimumRadius = 3.0

/// Share of a 4 x 4 grid of sample points inside a shape; `inside` receives each sample's
/// offset (pixels) from the pixel centre, at -0.375, -0.125, 0.125 and 0.375 per axis.
@inline(__always)
func supersampledCoverage(_ inside: (Double, Double) -> Bool) -> Double {
    var count = 0
    var oy = -0.375
    for _ in 0..<4 {
        var ox = -0.375
        for _ in 0..<4 {
            if inside(ox, oy) { count += 1 }
            ox += 0.25
        }
        oy += 0.25
    }
    return Double(count) * (1.0 / 16)
}

/// Area of the part of the unit pixel centred at the origin where `n . u + distance < 0`,
/// for a unit normal `n = (nx, ny)`; `distance` is the signed distance (pixels) from the
/// pixel centre to the edge, positive outside. Exact for a straight edge.
@inline(__always)
func halfPlaneCoverage(nx: Double, ny: Double, distance: Double) -> Double {
    var a = abs(nx)
    var b = abs(ny)
    if a < b { swap(&a, &b) }
    // Projected onto n, the pixel spans [-h, h]; the edge crosses two opposite sides while
    // |t| <= k (linear part) and cuts a corner triangle beyond.
    let t = -distance
    let h = 0.5 * (a + b)
    let k = 0.5 * (a - b)
    if t <= -h { return 0 }
    if t >= h { return 1 }
    if t < -k { let e = t + h; return e * e / (2 * a * b) }
    if t > k { let e = h - t; return 1 - e * e / (2 * a * b) }
    return 0.5 + t / a
}

extension Canvas {
    /// Paints `shape` with `color`, blending by coverage times `opacity` (0...1).
    /// Pixels outside the canvas are skipped; non-finite bounds draw nothing.
    mutating func rasterize<S: CoverageShape>(_ shape: S, color: RGB, opacity: Double) {
        let opacity = min(max(opacity, 0), 1)
        guard opacity > 0 else { return }
        let box = shape.bounds
        guard box.minX.isFinite, box.minY.isFinite, box.maxX.isFinite, box.maxY.isFinite,
              box.minX <= box.maxX, box.minY <= box.maxY else { return }
        // Clamp in Double first: converting a huge coordinate to Int would trap.
        let x0 = Int(max(0, min(Double(width), box.minX.rounded(.down))))
        let x1 = Int(max(0, min(Double(width), box.maxX.rounded(.up))))
        let y0 = Int(max(0, min(Double(height), box.minY.rounded(.down))))
        let y1 = Int(max(0, min(Double(height), box.maxY.rounded(.up))))
        guard x0 < x1, y0 < y1 else { return }

        let cr = Double(color.r), cg = Double(color.g), cb = Double(color.b)
        let w = width
        let half = 0.5 * Double(tileSize)
        pixels.withUnsafeMutableBufferPointer { buf in
            @inline(__always) func paint(_ i: Int, _ c: Double) {
                if c >= 1 {
                    buf[i] = color.r
                    buf[i + 1] = color.g
                    buf[i + 2] = color.b
                } else if c > 1.0 / 1024 {
                    // Straight alpha blend of the stored values, rounded to nearest.
                    let r = Double(buf[i]), g = Double(buf[i + 1]), b = Double(buf[i + 2])
                    buf[i] = UInt8(r + (cr - r) * c + 0.5)
                    buf[i + 1] = UInt8(g + (cg - g) * c + 0.5)
                    buf[i + 2] = UInt8(b + (cb - b) * c + 0.5)
                }
            }
            // Tiles are aligned to the canvas grid; their clipped part is what gets painted.
            var ty = y0 - y0 % tileSize
            while ty < y1 {
                let rowStart = max(ty, y0), rowEnd = min(ty + tileSize, y1)
                var tx = x0 - x0 % tileSize
                while tx < x1 {
                    let colStart = max(tx, x0), colEnd = min(tx + tileSize, x1)
                    let tile = shape.classify(x: Double(tx) + half, y: Double(ty) + half, half: half)
                    if tile != .outside {
                        for py in rowStart..<rowEnd {
                            let cy = Double(py) + 0.5
                            var i = (py * w + colStart) * 3
                            for px in colStart..<colEnd {
                                let c = tile == .inside ? opacity : shape.coverage(x: Double(px) + 0.5, y: cy) * opacity
                                paint(i, c)
                                i += 3
                            }
                        }
                    }
                    tx += tileSize
                }
                ty += tileSize
            }
        }
    }
}
