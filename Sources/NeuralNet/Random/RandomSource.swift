import Foundation

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018) whose state
/// is filled from the seed by SplitMix64, as its authors recommend.
///
/// Every random draw in Pushforward takes one of these explicitly (no global RNG), so the
/// same seed gives the same numbers, bit for bit. `state` can be saved and restored for
/// exact resume. Conforms to `RandomNumberGenerator`, so `Int.random(in:using:)` works too.
public struct RandomSource: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four 64-bit words of xoshiro256** state (never all zero), for saving.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator seeded from `seed` through SplitMix64.
    public init(seed: UInt64) {
        var s = seed
        var words: [UInt64] = []
        for _ in 0..<4 {
            // SplitMix64 step (Steele, Lea & Flood 2014 constants).
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            words.append(z ^ (z >> 31))
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
    }

    /// A generator resuming from a saved `state` (four words, not all zero).
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "xoshiro256** needs four words, not all zero")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// Uniform in [`low`, `high`).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextFloat()
    }

    /// A standard normal draw by the Box–Muller transform (one of the pair is used,
    /// so the stream position does not depend on a cached spare value).
    public mutating func gaussian() -> Double {
        // u1 in (0, 1] keeps the logarithm finite.
        let u1 = 1 - nextDouble()
        let u2 = nextDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Fills `matrix` with independent standard normal draws (both Box–Muller outputs used).
    public mutating func fillGaussian(_ matrix: Matrix, mean: Float = 0, standardDeviation: Float = 1) {
        let p = matrix.pointer
        var i = 0
        while i < matrix.count {
            let u1 = 1 - nextDouble()
            let u2 = nextDouble()
            let r = (-2 * Foundation.log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            p[i] = mean + standardDeviation * Float(r * Foundation.cos(angle))
            if i + 1 < matrix.count { p[i + 1] = mean + standardDeviation * Float(r * Foundation.sin(angle)) }
            i += 2
        }
    }

    /// Fills `matrix` with independent draws uniform in [`low`, `high`).
    public mutating func fillUniform(_ matrix: Matrix, _ low: Float, _ high: Float) {
        let p = matrix.pointer
        for i in 0..<matrix.count { p[i] = uniform(low, high) }
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
