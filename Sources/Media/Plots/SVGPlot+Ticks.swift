import Foundation

/// Axis ranges and "nice" tick values (1, 2, 5 × 10^k), linear and log.
extension SVGPlot {
    /// A linear axis: `lower...upper` widened to tick multiples, with the ticks.
    public struct LinearAxis {
        public var lower: Double
        public var upper: Double
        public var ticks: [Double]
        public var step: Double

        /// About `target` ticks covering `low...high`; a single value gets a unit-wide range.
        public init(low: Double, high: Double, target: Int = 6, widen: Bool = true) {
            var low = low, high = high
            if high - low < max(abs(high), abs(low), 1) * 1e-12 {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                low -= pad
                high += pad
            }
            step = Self.niceStep((high - low) / Double(max(target - 1, 1)))
            // Widen to whole steps, unless the caller fixed the range.
            lower = widen ? (low / step).rounded(.down) * step : low
            upper = widen ? (high / step).rounded(.up) * step : high
            var ticks: [Double] = []
            var k = (lower / step - 1e-9).rounded(.up)
            while k * step <= upper + step * 1e-9 {
                // `+ 0` turns a -0 into 0 so no label reads "-0".
                ticks.append(k * step + 0)
                k += 1
            }
            self.ticks = ticks
        }

        /// The smallest of 1, 2, 5 × 10^k at least `raw`.
        static func niceStep(_ raw: Double) -> Double {
            let magnitude = pow(10, (log10(raw)).rounded(.down))
            for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-9) { return factor * magnitude }
            return 10 * magnitude
        }

        /// Labels with as many decimals as the step needs; thousands as `k` when whole.
        func label(_ value: Double) -> String {
            // Thousands as `k` on every tick of an axis reaching 10 000, so labels match.
            if step >= 1000, max(abs(lower), abs(upper)) >= 10_000, (step / 1000).rounded() == step / 1000 {
                return value == 0 ? "0" : SVGPlot.plain(value / 1000, decimals: 0) + "k"
            }
            let decimals = max(0, Int((-log10(step)).rounded(.up)))
            return SVGPlot.plain(value, decimals: decimals)
        }
    }

    /// A log axis: whole decades around the data, ticks at powers of ten (and 2, 5 when
    /// the data spans less than two decades).
    struct LogAxis {
        var lowerExponent: Double
        var upperExponent: Double
        var ticks: [Double]

        init(low: Double, high: Double) {
            var lo = log10(low).rounded(.down), hi = log10(high).rounded(.up)
            if hi <= lo { hi = lo + 1 }
            if hi - lo > 12 { lo = hi - 12 }   // keep labels legible if something hit ~0
            lowerExponent = lo
            upperExponent = hi
            let factors: [Double] = hi - lo <= 2 ? [1, 2, 5] : [1]
            var ticks: [Double] = []
            for e in stride(from: lo, through: hi, by: 1) {
                for f in factors where f == 1 || e < hi { ticks.append(f * pow(10, e)) }
            }
            self.ticks = ticks
        }

        /// `0.01`, `1`, `100` for small exponents; `1e-5`, `2e6` otherwise.
        func label(_ value: Double) -> String {
            let e = (log10(value) + 1e-9).rounded(.down)   // 10^e computed as 0.99999...·10^e still counts as e
            let mantissa = (value / pow(10, e)).rounded()
            if abs(e) <= 3 { return SVGPlot.plain(value, decimals: max(0, Int(-e))) }
            return SVGPlot.plain(mantissa, decimals: 0) + "e" + SVGPlot.plain(e, decimals: 0)
        }
    }

    /// `value` with a fixed number of decimals, locale-independent.
    static func plain(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(min(decimals, 12))f", value)
    }
}
