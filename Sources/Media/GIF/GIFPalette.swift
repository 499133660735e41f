import Tasks
/// A fixed palette of at most 256 colours for GIF frames, with a fast nearest-colour map.
///
/// The standard palette holds a uniform 6 x 6 x 6 colour cube (channel levels 0, 51, ...,
/// 255) for anti-aliased blends, every named scene colour exactly (`RGB.named`), each named
/// colour's half-way blend with white (the most common anti-aliased edge), and a grey ramp.
/// No dithering: each pixel maps to the nearest entry in squared RGB distance, so pixels of
/// a palette colour keep their exact value.
///
/// The lookup goes through a 32 x 32 x 32 table over the top 5 bits of each channel. A
/// table cell stores its nearest entry when that entry is provably nearest for all 512
/// colours of the cell; the few other cells fall back to an exact search (cube by rounding,
/// then the non-cube entries).
public struct GIFPalette: Sendable {
    /// The colours, in index order.
    let colors: [RGB]
    /// Levels per channel of the leading uniform cube (entries `0..<levels^3`, red slowest).
    let cubeLevels: Int
    /// Per 8-bit channel value, the nearest cube level.
    private let levelOf: [UInt8]
    /// Per 5-bit cell `(r >> 3) << 10 | (g >> 3) << 5 | b >> 3`: the entry, or `ambiguous`.
    private var cells: [UInt16]
    private static let ambiguous = UInt16.max

    /// The palette used for all of Pushforward's GIFs.
    public static let standard = GIFPalette(exact: RGB.named)

    /// A cube of `cubeLevels`^3 colours followed by `exact` (duplicates of cube colours
    /// dropped), their half-way blends with white, and greys, up to 256 entries.
    init(exact: [RGB], cubeLevels: Int = 6) {
        precondition(cubeLevels >= 2 && cubeLevels * cubeLevels * cubeLevels + exact.count <= 256,
                     "palette needs at most 256 colours")
        var colors: [RGB] = []
        let step = 255.0 / Double(cubeLevels - 1)
        let level = (0..<cubeLevels).map { UInt8((Double($0) * step).rounded()) }
        for r in level { for g in level { for b in level { colors.append(RGB(r, g, b)) } } }
        var seen = Set(colors)
        func add(_ c: RGB) {
            if colors.count < 256, seen.insert(c).inserted { colors.append(c) }
        }
        exact.forEach(add)
        exact.forEach { add($0.mixed(with: .white, 0.5)) }
        for v in stride(from: 17, to: 255, by: 17) { add(RGB(UInt8(v), UInt8(v), UInt8(v))) }
        self.colors = colors
        self.cubeLevels = cubeLevels
        self.levelOf = (0...255).map { UInt8((Double($0) / step).rounded()) }
        self.cells = []
        self.cells = buildCells()
    }

    /// The index of the entry nearest to `c`.
    @inlinable func index(of c: RGB) -> UInt8 {
        UInt8(truncatingIfNeeded: lookup(c.r, c.g, c.b))
    }

    @usableFromInline func lookup(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let cell = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
        let entry = cells[cell]
        return entry != Self.ambiguous ? Int(entry) : nearest(Double(r), Double(g), Double(b)).index
    }

    /// Palette indices of every pixel, row-major, top row first.
    func indices(for canvas: Canvas) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: canvas.width * canvas.height)
        canvas.pixels.withUnsafeBufferPointer { px in
            cells.withUnsafeBufferPointer { table in
                out.withUnsafeMutableBufferPointer { dst in
                    // Scenes are mostly flat areas: remember the last colour.
                    var last = -1
                    var lastIndex: UInt8 = 0
                    for i in 0..<dst.count {
                        let r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2]
                        let key = Int(r) << 16 | Int(g) << 8 | Int(b)
                        if key != last {
                            let entry = table[Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)]
                            lastIndex = entry != Self.ambiguous
                                ? UInt8(truncatingIfNeeded: entry)
                                : UInt8(truncatingIfNeeded: nearest(Double(r), Double(g), Double(b)).index)
                            last = key
                        }
                        dst[i] = lastIndex
                    }
                }
            }
        }
        return out
    }

    /// The canvas as it looks after quantisation (what a GIF viewer shows).
    func quantized(_ canvas: Canvas) -> Canvas {
        var out = canvas
        let idx = indices(for: canvas)
        for i in 0..<idx.count {
            out[i % canvas.width, i / canvas.width] = colors[Int(idx[i])]
        }
        return out
    }

    /// The nearest entry to a colour given as real channel values and the runner-up
    /// distance (both squared); ties go to the lower index.
    private func nearest(_ r: Double, _ g: Double, _ b: Double, runnerUp: Bool = false)
        -> (index: Int, distance: Double, second: Double) {
        var best = (index: 0, distance: Double.infinity, second: Double.infinity)
        func consider(_ i: Int) {
            let c = colors[i]
            let dr = Double(c.r) - r, dg = Double(c.g) - g, db = Double(c.b) - b
            let d = dr * dr + dg * dg + db * db
            if d < best.distance || (d == best.distance && i < best.index) {
                best.second = best.distance
                best.index = i
                best.distance = d
            } else if d < best.second {
                best.second = d
            }
        }
        // The cube is separable: the nearest cube colour rounds each channel on its own,
        // and the runner-up cube colour is one level away in some channel.
        let n = cubeLevels
        let lr = Int(levelOf[Int(min(max(r.rounded(), 0), 255))])
        let lg = Int(levelOf[Int(min(max(g.rounded(), 0), 255))])
        let lb = Int(levelOf[Int(min(max(b.rounded(), 0), 255))])
        if runnerUp {
            for ir in max(0, lr - 1)...min(n - 1, lr + 1) {
                for ig in max(0, lg - 1)...min(n - 1, lg + 1) {
                    for ib in max(0, lb - 1)...min(n - 1, lb + 1) { consider((ir * n + ig) * n + ib) }
                }
            }
        } else {
            consider((lr * n + lg) * n + lb)
        }
        for i in (n * n * n)..<colors.count { consider(i) }
        return best
    }

    /// Fills the cell table. A cell gets its centre's nearest entry `e` when every other
    /// entry is farther from the centre by more than the cell's diameter: then, by the
    /// triangle inequality, `e` is nearest for every colour in the cell.
    private func buildCells() -> [UInt16] {
        let diameter = 2 * 3.5 * 3.0.squareRoot()
        var cells = [UInt16](repeating: Self.ambiguous, count: 32 * 32 * 32)
        for cell in 0..<cells.count {
            let r = Double(cell >> 10) * 8 + 3.5
            let g = Double((cell >> 5) & 31) * 8 + 3.5
            let b = Double(cell & 31) * 8 + 3.5
            let found = nearest(r, g, b, runnerUp: true)
            if found.second.squareRoot() - found.distance.squareRoot() > diameter {
                cells[cell] = UInt16(found.index)
            }
        }
        return cells
    }
}
