import Foundation

/// The sinusoidal embedding of a scalar time (Vaswani et al.; Diffusion Policy's
/// `SinusoidalPosEmb`): with `h = dimension / 2` and `f_i = exp(-ln(10000) i / (h - 1))`,
/// `embed(t) = [sin(t f_0) ... sin(t f_{h-1}), cos(t f_0) ... cos(t f_{h-1})]`.
///
/// Times are `Float`: a diffusion step index k as is, or a flow-matching t in [0, 1]
/// scaled by the caller (e.g. by 100) so the frequencies cover the same range.
/// No parameters.
public struct SinusoidalTimeEmbedding: Sendable {
    public let dimension: Int
    /// The `dimension / 2` frequencies `f_i`.
    public let frequencies: [Float]

    public init(dimension: Int) {
        precondition(dimension >= 4 && dimension % 2 == 0, "time embedding dimension must be even and >= 4")
        self.dimension = dimension
        let half = dimension / 2
        let step = Foundation.log(10_000.0) / Double(half - 1)
        frequencies = (0..<half).map { Float(Foundation.exp(-step * Double($0))) }
    }

    /// `output` (`times.count x dimension`) = the embedding of each time, one per row.
    public func forward(_ times: [Float], into output: Matrix) {
        precondition(output.rows == times.count && output.columns == dimension, "time embedding shape mismatch")
        let half = dimension / 2
        frequencies.withUnsafeBufferPointer { f in
            for r in 0..<times.count {
                let y = output.row(r)
                let t = times[r]
                for i in 0..<half {
                    let angle = t * f[i]
                    y[i] = Foundation.sin(angle)
                    y[half + i] = Foundation.cos(angle)
                }
            }
        }
    }

    /// dL/dt for each time, given dL/d(embedding) (`times.count x dimension`):
    /// `sum_i f_i (g_sin_i cos(t f_i) - g_cos_i sin(t f_i))`.
    public func backward(_ times: [Float], outputGradient: Matrix) -> [Float] {
        let half = dimension / 2
        return (0..<times.count).map { r in
            let g = outputGradient.row(r)
            var total: Float = 0
            for i in 0..<half {
                let angle = times[r] * frequencies[i]
                total += frequencies[i] * (g[i] * Foundation.cos(angle) - g[half + i] * Foundation.sin(angle))
            }
            return total
        }
    }
}
