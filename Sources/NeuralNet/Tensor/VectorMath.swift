/// Elementwise maths written so LLVM's loop vectoriser turns the loops that call it into
/// AVX code, plus 16-lane reductions.
///
/// `exp` is the Cephes single-precision scheme (range reduction by ln 2 split in two
/// parts, a degree-5 polynomial on [-ln2/2, ln2/2], scaling by 2^n through the exponent
/// bits); it is within 2 ulp of `expf` over the clamped range and, being branch-free
/// scalar code, vectorises inside the callers' loops, where a libm call per element
/// would otherwise dominate Mish/SiLU/Tanh in training. (Generic SIMD helpers such as
/// `pointwiseMin` are not inlined by the compiler and ran several times slower.)
enum VectorMath {
    typealias Vector = SIMD16<Float>
    static let width = 16

    @inline(__always)
    static func exp(_ input: Float) -> Float {
        // Outside about [-87.3, 88.3] float exp under/overflows; clamping keeps 2^n normal.
        let x = input < -87.3 ? -87.3 : (input > 88.3 ? 88.3 : input)
        // n = round(x / ln 2): adding 1.5 * 2^23 rounds to an integer held in the low mantissa bits.
        let shifter: Float = 12_582_912
        let shifted = x * 1.442_695_04 + shifter
        let n = shifted - shifter
        var r = x - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let expR = p * r * r + r + 1
        let integer = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let scale = Float(bitPattern: UInt32(bitPattern: (integer &+ 127) &<< 23))
        return expR * scale
    }

    /// Applies `body` to `count` elements in 16-lane chunks; the tail goes through the
    /// same vector code on a zero-padded copy so results do not depend on the position.
    @inline(__always)
    static func map(
        count: Int, _ body: (_ offset: Int, _ lanes: Int) -> Void
    ) {
        var i = 0
        while i + width <= count {
            body(i, width)
            i += width
        }
        if i < count { body(i, count - i) }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, lanes: Int) -> Vector {
        if lanes == width { return UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
        var v = Vector()
        for j in 0..<lanes { v[j] = p[j] }
        return v
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes == width {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
            return
        }
        for j in 0..<lanes { p[j] = v[j] }
    }
}

/// Reductions with 16 independent partial sums: scalar float sums cannot be reordered by
/// the compiler, and a single dependency chain would run one add per few cycles.
extension VectorMath {
    @inline(__always)
    static func sum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = Vector()
        map(count: count) { i, n in lanes += load(a + i, lanes: n) }
        return lanes.sum()
    }

    /// `sum_i (a_i - shift)^2`.
    @inline(__always)
    static func sumOfSquares(_ a: UnsafePointer<Float>, minus shift: Float, count: Int) -> Float {
        var lanes = Vector()
        let s = Vector(repeating: shift)
        map(count: count) { i, n in
            var d = load(a + i, lanes: n) - s
            if n < width { for j in n..<width { d[j] = 0 } }
            lanes += d * d
        }
        return lanes.sum()
    }

    /// `sum_i a_i b_i`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = Vector()
        map(count: count) { i, n in lanes += load(a + i, lanes: n) * load(b + i, lanes: n) }
        return lanes.sum()
    }

    /// `sum_i a_i b_i c_i`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = Vector()
        map(count: count) { i, n in lanes += load(a + i, lanes: n) * load(b + i, lanes: n) * load(c + i, lanes: n) }
        return lanes.sum()
    }
}
