import Policies
import Runs

/// The contents of a composition run's `compose.json` (snake_case keys): the parents, the
/// weight grid, the loss pre-filter, each repeat's validation curve, chosen weights and
/// test results, and the weights the run's composed policy uses.
public struct CompositionReport: Sendable, Hashable, Codable {
    public struct Parent: Sendable, Hashable, Codable {
        public var run: String
        public var step: Int
        public var family: String
        public var prediction: String
        /// The parent's own evaluation sampler (its test results use it).
        public var sampler: String
    }

    /// A success count with its 95 % Wilson interval.
    public struct Rate: Sendable, Hashable, Codable {
        public var successes: Int
        public var episodes: Int
        public var rate: Double
        public var low: Double
        public var high: Double
        public var meanMaxCoverage: Double?

        init(successes: Int, episodes: Int, meanMaxCoverage: Double? = nil) {
            let interval = WilsonInterval(successes: successes, trials: episodes)
            self.successes = successes
            self.episodes = episodes
            rate = interval.rate
            low = interval.lower
            high = interval.upper
            self.meanMaxCoverage = meanMaxCoverage
        }

        init(_ summary: EvaluationSummary) {
            self.init(successes: summary.successes, episodes: summary.episodes, meanMaxCoverage: summary.meanMaxCoverage)
        }
    }

    /// GPC's closed-form pre-filter on held-out demonstrations.
    public struct Prefilter: Sendable, Hashable, Codable {
        /// Expert episodes held out, and the (observation, chunk) pairs measured.
        public var demos: Int
        public var pairs: Int
        /// `G_ij = E <n_i - n, n_j - n>`, row-major.
        public var gram: [Double]
        /// `L(w) = w^T G w` of each candidate.
        public var loss: [Double]
        /// The minimiser (two parents: closed form over [0, 1]; more: the best candidate).
        public var weights: [Double]
    }

    public struct Repeat: Sendable, Hashable, Codable {
        /// Seed of this repeat's test episodes (the evaluation protocol's seed + repeat).
        public var testSeed: UInt64
        /// One per candidate, on this repeat's validation episodes.
        public var validation: [Rate]
        /// The candidate with the best validation success (ties: mean max coverage, then
        /// the earlier candidate).
        public var chosen: [Double]
        public var test: EvaluationSummary
        /// Each parent alone, with its own sampler, on the same test episodes.
        public var parentsTest: [EvaluationSummary]
    }

    public var parents: [Parent]
    /// The composed sampler.
    public var sampler: String
    public var candidates: [[Double]]
    public var prefilter: Prefilter?
    public var repeats: [Repeat]
    /// Validation successes of each candidate over all repeats.
    public var pooledValidation: [Rate]
    /// The weights of the run's composed policy: the best pooled validation success.
    public var chosen: [Double]
    public var seconds: Double

    /// Index of the best rate (ties: higher mean max coverage, then the earlier index).
    static func best(_ rates: [Rate]) -> Int {
        rates.indices.max { a, b in
            let (x, y) = (rates[a], rates[b])
            if x.successes != y.successes { return x.successes < y.successes }
            let (cx, cy) = (x.meanMaxCoverage ?? 0, y.meanMaxCoverage ?? 0)
            if cx != cy { return cx < cy }
            return a > b
        }!
    }
}

extension Report {
    /// The table `pushforward compose` prints: the chosen weights, the composed policy and
    /// each parent on the test episodes (mean over repeats), and the pre-filter's weights.
    public static func composition(_ r: CompositionReport) -> String {
        func name(_ weights: [Double]) -> String { CompositionSearch.name(weights) }
        let labels = ["  composed (\(r.sampler))"] + r.parents.enumerated().map { "  parent \($0 + 1) alone (\($1.family), \($1.sampler))" }
        let width = labels.map(\.count).max()! + 2
        func line(_ label: String, _ summaries: [EvaluationSummary]) -> String {
            let rates = summaries.map(\.successRate)
            let mean = rates.mean ?? 0
            let spread = rates.count > 1
                ? (rates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rates.count - 1)).squareRoot() : 0
            let pooled = CompositionReport.Rate(successes: summaries.map(\.successes).reduce(0, +),
                                                episodes: summaries.map(\.episodes).reduce(0, +))
            return label.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "%5.1f%% +- %.1f  (pooled %d/%d, Wilson 95%% [%.1f%%, %.1f%%])", mean * 100, spread * 100,
                         pooled.successes, pooled.episodes, pooled.low * 100, pooled.high * 100)
        }
        var lines = ["test success over \(r.repeats.count) repeat(s), mean +- std:"]
        lines.append(line(labels[0], r.repeats.map(\.test)))
        for index in r.parents.indices { lines.append(line(labels[index + 1], r.repeats.map { $0.parentsTest[index] })) }
        lines.append("chosen       " + r.repeats.map { name($0.chosen) }.joined(separator: ", ")
                     + " per repeat; the run's policy: \(name(r.chosen)) (best pooled validation)")
        if let prefilter = r.prefilter {
            lines.append("pre-filter   held-out loss minimum at \(name(prefilter.weights)) (\(prefilter.pairs) pairs from \(prefilter.demos) expert episodes)")
        }
        lines.append("weights      \(r.candidates.count) candidates; " + String(format: "%.0f s", r.seconds))
        return lines.joined(separator: "\n")
    }
}
