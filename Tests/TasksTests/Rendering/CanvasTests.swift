import Testing
import Physics2D
@testable import Tasks

/// Sum over pixels of the share of black painted on white: the drawn area in pixels.
private func blackArea(_ canvas: Canvas) -> Double {
    var total = 0
    for v in canvas.pixels { total += 255 - Int(v) }
    return Double(total) / (3 * 255)
}

private func square(_ x: Double, _ y: Double, side: Double, angle: Double = 0) -> [Vec2] {
    let t = Transform(rotation: .unit(angle: angle), translation: Vec2(x, y))
    return [Vec2(0, 0), Vec2(side, 0), Vec2(side, side), Vec2(0, side)].map(t.apply)
}

@Suite struct CanvasTests {
    @Test func worldMapsToPixelsByCanvasSize() {
        let c = Canvas(width: 256, height: 256)
        #expect(c.pixelsPerUnit == 0.5)
        #expect(c.pixelPoint(Vec2(512, 100)) == Vec2(256, 50))
        #expect(c.worldPoint(Vec2(128, 128)) == Vec2(256, 256))
        let wide = Canvas(width: 200, height: 100, worldExtent: 50, worldOrigin: Vec2(10, 20))
        #expect(wide.pixelsPerUnit == 2)
        #expect(wide.pixelPoint(Vec2(10, 20)) == .zero)
        #expect(wide.pixelLength(.units(3)) == 6 && wide.pixelLength(.pixels(3)) == 3)
    }

    @Test(arguments: [(100.0, 200.0, 0.0), (100.3, 200.7, 0.0), (250.2, 250.9, 0.3), (40.5, 300.25, 2.0)])
    func squareCoversItsArea(x: Double, y: Double, angle: Double) {
        var c = Canvas(width: 512, height: 512)
        c.fillPolygon(square(x, y, side: 10, angle: angle), color: .black)
        // Only the per-pixel rounding to 8 bits is inexact.
        #expect(abs(blackArea(c) - 100) < 0.2)
    }

    /// Two rotated squares sharing an edge: as one shape, the seam pixels are fully covered.
    @Test func touchingPartsShowNoSeam() {
        let t = Transform(rotation: .unit(angle: 0.3), translation: Vec2(100.3, 200.7))
        let left = [Vec2(0, 0), Vec2(10, 0), Vec2(10, 10), Vec2(0, 10)].map(t.apply)
        let right = [Vec2(10, 0), Vec2(20, 0), Vec2(20, 10), Vec2(10, 10)].map(t.apply)
        var c = Canvas(width: 512, height: 512)
        c.fillPolygons([left, right, [Vec2(1, 1), Vec2(2, 2), Vec2(3, 3)]], color: .black)
        #expect(abs(blackArea(c) - 200) < 0.2)
        // Every pixel whose centre is 1 unit or more inside the union is pure black.
        for k in 1..<20 {
            let p = t.apply(Vec2(Double(k), 5))
            #expect(c[Int(p.x), Int(p.y)] == .black)
        }
        // Part by part, the background bleeds through the shared edge.
        var separate = Canvas(width: 512, height: 512)
        separate.fillPolygon(left, color: .black)
        separate.fillPolygon(right, color: .black)
        #expect(blackArea(separate) < 199.5)
    }

    @Test func overlappingPartsCoverTheirUnion() {
        var c = Canvas(width: 512, height: 512)
        c.fillPolygons([square(100.3, 100.6, side: 10), square(105.1, 104.2, side: 10, angle: 0.2)], color: .black)
        var a = Canvas(width: 512, height: 512)
        a.fillPolygon(square(100.3, 100.6, side: 10), color: .black)
        a.fillPolygon(square(105.1, 104.2, side: 10, angle: 0.2), color: .black)
        // Painting one over the other is exact for overlaps; the union may only add a little.
        #expect(blackArea(c) >= blackArea(a) - 0.01 && blackArea(c) < blackArea(a) + 1)
    }

    @Test func scaledSquareCoversScaledArea() {
        var c = Canvas(width: 256, height: 256)
        c.fillPolygon(square(101.1, 33.3, side: 10, angle: 0.7), color: .black)
        #expect(abs(blackArea(c) - 25) < 0.1)
    }

    @Test(arguments: [2.0, 2.5, 5.0, 20.0, 100.0])
    func discCoversPiRSquared(radius: Double) {
        var c = Canvas(width: 512, height: 512)
        c.fillDisc(center: Vec2(256.3, 255.8), radius: radius, color: .black)
        let exact = Double.pi * radius * radius
        #expect(abs(blackArea(c) - exact) < 0.01 * exact)
    }

    /// 0.4 units is a line 0.8 pixels wide, drawn as an exact band between its caps.
    @Test(arguments: [0.4, 1.0, 6.0])
    func capsuleCoversItsArea(radius: Double) {
        var c = Canvas(width: 512, height: 512)
        let a = Vec2(100.2, 100.9), b = Vec2(300.7, 180.1)
        c.fillCapsule(from: a, to: b, radius: radius, color: .black)
        let exact = Double.pi * radius * radius + 2 * radius * (b - a).length
        #expect(abs(blackArea(c) - exact) < 0.01 * exact)
    }

    @Test func outlineCoversABandAroundTheBoundary() {
        var c = Canvas(width: 512, height: 512)
        c.strokePolygon(square(200, 200, side: 100), width: .units(4), color: .black)
        // Inner ring 100^2 - 96^2; outer ring 104^2 - 100^2 minus the rounded corners.
        let exact = (100.0 * 100 - 96 * 96) + (104.0 * 104 - 100 * 100) - 4 * (4 - Double.pi)
        #expect(abs(blackArea(c) - exact) < 0.005 * exact)
        #expect(c[250, 250] == .white && c[300, 250] == .black)
    }

    @Test func antiAliasedEdgesLieBetweenTheTwoColours() {
        var c = Canvas(width: 64, height: 64, worldExtent: 64, background: .goal)
        c.fillPolygon(square(10.4, 12.6, side: 30, angle: 0.2), color: .agent)
        var blended = 0
        for y in 0..<64 {
            for x in 0..<64 {
                let p = c[x, y]
                for (v, (a, b)) in [(p.r, (RGB.goal.r, RGB.agent.r)), (p.g, (RGB.goal.g, RGB.agent.g)),
                                    (p.b, (RGB.goal.b, RGB.agent.b))] {
                    #expect(v >= min(a, b) && v <= max(a, b))
                }
                if p != .goal && p != .agent { blended += 1 }
            }
        }
        // Roughly one blended pixel per unit of perimeter.
        #expect(blended > 100 && blended < 200)
    }

    @Test func opacityBlendsProportionally() {
        var c = Canvas(width: 8, height: 8, worldExtent: 8)
        c.fillPolygon(square(0, 0, side: 8), color: .black, opacity: 0.5)
        #expect(c[3, 3] == RGB(128, 128, 128))
    }

    @Test func shapesOutsideTheCanvasAreClipped() {
        var c = Canvas(width: 512, height: 512)
        c.fillPolygon(square(-5, -5, side: 10), color: .black)
        #expect(abs(blackArea(c) - 25) < 0.1)
        c.clear(.white)
        c.fillDisc(center: Vec2(512, 256), radius: 10, color: .black)
        #expect(abs(blackArea(c) - Double.pi * 50) < 0.01 * Double.pi * 50)
        c.clear(.white)
        c.fillPolygon(square(-1e300, 1e300, side: 1e300), color: .black)
        c.fillPolygon(square(1e6, 1e6, side: 10), color: .black)
        c.fillDisc(center: Vec2(-1e12, 5), radius: 3, color: .black)
        c.fillCapsule(from: Vec2(-1e9, -1e9), to: Vec2(-1e9 + 1, -1e9), radius: 2, color: .black)
        c.fillDisc(center: Vec2(.nan, 5), radius: 3, color: .black)
        c.fillPolygon([Vec2(0, 0), Vec2(.infinity, 0), Vec2(0, 10)], color: .black)
        c.fillCapsule(from: Vec2(10, 10), to: Vec2(20, 20), radius: .infinity, color: .black)
        #expect(blackArea(c) == 0)
        // A huge polygon containing the canvas fills all of it.
        c.fillPolygon(square(-1e7, -1e7, side: 3e7), color: .black)
        #expect(blackArea(c) == 512 * 512)
    }

    @Test func zeroSizeShapesDrawNothing() {
        var c = Canvas(width: 64, height: 64)
        c.fillPolygon([], color: .black)
        c.fillPolygon([Vec2(1, 1), Vec2(30, 30)], color: .black)
        c.fillPolygon([Vec2(1, 1), Vec2(30, 30), Vec2(60, 60)], color: .black)
        c.fillPolygon([Vec2(5, 5), Vec2(5, 5), Vec2(5, 5), Vec2(5, 5)], color: .black)
        c.fillDisc(center: Vec2(32, 32), radius: 0, color: .black)
        c.fillDisc(center: Vec2(32, 32), radius: -3, color: .black)
        c.fillCapsule(from: Vec2(1, 1), to: Vec2(40, 40), radius: 0, color: .black)
        c.strokePolygon(square(10, 10, side: 20), width: .pixels(0), color: .black)
        c.strokePolyline([], width: .pixels(2), color: .black)
        c.drawMarker(at: Vec2(32, 32), size: .pixels(4), width: .units(0), color: .black)
        c.fillPolygon(square(10, 10, side: 20), color: .black, opacity: 0)
        #expect(blackArea(c) == 0)
    }

    @Test func markersAndPolylinesAreCentredOnTheirPoints() {
        var c = Canvas(width: 64, height: 64, worldExtent: 64)
        c.drawMarker(at: Vec2(20.5, 20.5), size: .pixels(5), width: .pixels(1), style: .plus, color: .black)
        #expect(c[20, 20] == .black && c[20, 16] == .black && c[16, 20] == .black)
        #expect(c[16, 16] == .white && c[20, 12] == .white)
        // 2 arms of 10 x 1 pixels overlapping in 1, plus the round caps.
        #expect(abs(blackArea(c) - (19 + Double.pi / 4 * 2)) < 0.1)
        c.clear(.white)
        c.drawMarker(at: Vec2(20.5, 20.5), size: .pixels(5), width: .pixels(1), style: .cross, color: .black)
        #expect(c[20, 20] == .black && c[16, 20] == .white)
        c.clear(.white)
        c.strokePolyline([Vec2(10, 40.5), Vec2(50, 40.5)], width: .pixels(1), color: .black)
        #expect(c[30, 40] == .black && c[30, 39] == .white && c[30, 41] == .white)
        // Capped ends: half a pixel beyond each end point.
        #expect(abs(blackArea(c) - (40 + Double.pi / 4)) < 0.1)
    }

    /// Whole tiles are filled or skipped without looking at pixels; shifting a scene by a
    /// whole number of pixels across tile borders must shift the image and nothing else.
    @Test(arguments: [(3, 0), (0, 5), (7, 11)])
    func tilingDoesNotShowInTheImage(dx: Int, dy: Int) {
        func draw(_ o: Vec2) -> Canvas {
            var c = Canvas(width: 96, height: 96, worldExtent: 96)
            c.fillPolygon(square(20.3, 10.6, side: 40, angle: 0.4).map { $0 + o }, color: .block)
            c.fillDisc(center: Vec2(60.2, 60.7) + o, radius: 17, color: .agent)
            c.fillDisc(center: Vec2(15.2, 70.7) + o, radius: 1.7, color: .contact)
            c.strokePolygon(square(10.3, 40.6, side: 30, angle: -0.2).map { $0 + o }, width: .pixels(1.2), color: .black)
            c.strokePolygon(square(50.3, 5.6, side: 30, angle: 0.1).map { $0 + o }, width: .pixels(9), color: .goal)
            c.fillCapsule(from: Vec2(3.3, 90.1) + o, to: Vec2(80.8, 75.2) + o, radius: 0.8, color: .wall)
            return c
        }
        let a = draw(.zero)
        let b = draw(Vec2(Double(dx), Double(dy)))
        var worst = 0
        for y in 0..<(96 - dy) {
            for x in 0..<(96 - dx) {
                let p = a[x, y], q = b[x + dx, y + dy]
                worst = max(worst, abs(Int(p.r) - Int(q.r)), abs(Int(p.g) - Int(q.g)), abs(Int(p.b) - Int(q.b)))
            }
        }
        // Rounding of shifted coordinates may move a blend by one level, never more.
        #expect(worst <= 1)
    }
}
