/// Success and speed of an expert over a set of episodes.
public struct ExpertEvaluation: Codable, Hashable, Sendable {
    public var episodes: Int
    public var successes: Int
    public var successRate: Double { episodes > 0 ? Double(successes) / Double(episodes) : 0 }
    /// Wilson score interval for the success rate at 95 % (z = 1.96).
    public var successInterval: ClosedRange<Double> { Self.wilson(successes, episodes) }
    /// Steps of the successful episodes: mean, median, 90th percentile, maximum.
    public var meanSteps: Double
    public var medianSteps: Double
    public var p90Steps: Double
    public var maxSteps: Int
    /// Mean over episodes of the highest coverage reached (the reference's "score").
    public var meanMaxCoverage: Double
    /// Wall-clock time of the whole run and the threads it used.
    public var seconds: Double
    public var threads: Int
    /// Expert calls (one per recorded step) over all episodes.
    public var expertCalls: Int

    /// Thread-seconds per demonstration: wall time times threads, over episodes.
    public var secondsPerDemonstration: Double { seconds * Double(threads) / Double(max(episodes, 1)) }
    public var demonstrationsPerMinute: Double { 60 * Double(episodes) / seconds }

    public init(demonstrations demos: [ExpertDemonstration], seconds: Double, threads: Int) {
        episodes = demos.count
        successes = demos.filter(\.success).count
        let lengths = demos.filter(\.success).map(\.steps).sorted()
        func quantile(_ q: Double) -> Double {
            guard !lengths.isEmpty else { return .nan }
            let x = q * Double(lengths.count - 1)
            let i = Int(x), f = x - Double(i)
            return i + 1 < lengths.count ? Double(lengths[i]) * (1 - f) + Double(lengths[i + 1]) * f : Double(lengths[i])
        }
        meanSteps = lengths.isEmpty ? .nan : Double(lengths.reduce(0, +)) / Double(lengths.count)
        medianSteps = quantile(0.5)
        p90Steps = quantile(0.9)
        maxSteps = lengths.last ?? 0
        meanMaxCoverage = demos.isEmpty ? 0 : demos.map(\.maxCoverage).reduce(0, +) / Double(demos.count)
        self.seconds = seconds
        self.threads = threads
        expertCalls = demos.reduce(0) { $0 + $1.steps }
    }

    /// Wilson score interval for `k` successes in `n` trials at z = 1.96.
    public static func wilson(_ k: Int, _ n: Int, z: Double = 1.96) -> ClosedRange<Double> {
        guard n > 0 else { return 0...1 }
        let p = Double(k) / Double(n), nn = Double(n), z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        return max(0, centre - half)...min(1, centre + half)
    }
}
