import Testing
@testable import Tasks
@testable import Media

/// Brute-force nearest entry, ties to the lower index.
private func bruteNearest(_ c: RGB, in palette: [RGB]) -> Int {
    var best = 0, bestDistance = Int.max
    for (i, p) in palette.enumerated() {
        let dr = Int(p.r) - Int(c.r), dg = Int(p.g) - Int(c.g), db = Int(p.b) - Int(c.b)
        let d = dr * dr + dg * dg + db * db
        if d < bestDistance { best = i; bestDistance = d }
    }
    return best
}

@Suite struct GIFPaletteTests {
    let palette = GIFPalette.standard

    @Test func holdsTheCubeAndEveryNamedColourExactly() {
        #expect(palette.colors.count <= 256)
        #expect(Set(palette.colors).count == palette.colors.count)
        for c in RGB.named { #expect(palette.colors[Int(palette.index(of: c))] == c) }
        for c in palette.colors { #expect(palette.colors[Int(palette.index(of: c))] == c) }
    }

    @Test func lookupIsTheNearestEntry() {
        var state: UInt32 = 7
        var samples: [RGB] = []
        for _ in 0..<20_000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            samples.append(RGB(UInt8(state >> 24), UInt8((state >> 16) & 0xFF), UInt8((state >> 8) & 0xFF)))
        }
        // Anti-aliased blends of the scene colours.
        for a in RGB.named {
            for b in RGB.named {
                for t in stride(from: 0.0, through: 1.0, by: 0.125) { samples.append(a.mixed(with: b, t)) }
            }
        }
        for c in samples {
            let i = Int(palette.index(of: c))
            let j = bruteNearest(c, in: palette.colors)
            // Equal distance ties may resolve differently; the distance must be minimal.
            #expect(i == j || distance(c, palette.colors[i]) == distance(c, palette.colors[j]))
        }
    }

    @Test func canvasIndicesMatchPerPixelLookup() {
        var canvas = Canvas(width: 40, height: 30, worldExtent: 30)
        canvas.fillDisc(center: .init(20, 15), radius: 10, color: .agent)
        canvas.fillPolygon([.init(0, 0), .init(25, 3), .init(4, 28)], color: .block, opacity: 0.7)
        let indices = palette.indices(for: canvas)
        for y in 0..<30 {
            for x in 0..<40 { #expect(indices[y * 40 + x] == palette.index(of: canvas[x, y])) }
        }
        let q = palette.quantized(canvas)
        #expect(q[20, 15] == .agent)
    }
}

private func distance(_ a: RGB, _ b: RGB) -> Int {
    let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
    return dr * dr + dg * dg + db * db
}
