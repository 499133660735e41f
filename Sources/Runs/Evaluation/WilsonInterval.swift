/// The Wilson score interval of a success rate (95 % by default): better behaved than
/// the normal approximation near 0 and 1 and for small samples.
public struct WilsonInterval: Sendable, Hashable {
    public var rate: Double
    public var lower: Double
    public var upper: Double

    public init(successes: Int, trials: Int, z: Double = 1.959963984540054) {
        guard trials > 0 else {
            rate = 0; lower = 0; upper = 1
            return
        }
        let n = Double(trials), p = Double(successes) / n
        let denominator = 1 + z * z / n
        let center = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        rate = p
        lower = max(0, center - half)
        upper = min(1, center + half)
    }
}
