/// The contents of `eval/<step>/summary.json`: success rate with its Wilson interval,
/// coverage, lengths, sampler cost and throughput of one evaluation (snake_case keys).
public struct EvaluationSummary: Sendable, Hashable, Codable {
    /// Which seeds were evaluated: a consecutive range, or an explicit list.
    enum Seeds: Sendable, Hashable, Codable {
        /// `count` seeds `first, first + 1, ...` — written `{"first": f, "count": n}`.
        case range(first: UInt64, count: Int)
        /// Any seeds — written `{"list": [...], "count": n}`.
        case list([UInt64])

        var count: Int {
            switch self {
            case .range(_, let count): count
            case .list(let seeds): seeds.count
            }
        }

        /// The shortest description of `seeds`: a range when they are consecutive.
        init(_ seeds: [UInt64]) {
            let consecutive = !seeds.isEmpty && zip(seeds, seeds.dropFirst()).allSatisfy { $0 < UInt64.max && $0 + 1 == $1 }
            self = consecutive ? .range(first: seeds[0], count: seeds.count) : .list(seeds)
        }

        enum CodingKeys: String, CodingKey { case first, count, list }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let list = try c.decodeIfPresent([UInt64].self, forKey: .list) {
                self = .list(list)
            } else {
                self = .range(first: try c.decode(UInt64.self, forKey: .first), count: try c.decode(Int.self, forKey: .count))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .range(let first, let count):
                try c.encode(first, forKey: .first)
                try c.encode(count, forKey: .count)
            case .list(let seeds):
                try c.encode(seeds, forKey: .list)
                try c.encode(seeds.count, forKey: .count)
            }
        }
    }

    public var episodes: Int
    public var successes: Int
    /// successes / episodes.
    public var successRate: Double
    /// The 95 % Wilson score interval of the success rate.
    public var wilsonLow: Double
    public var wilsonHigh: Double
    /// Mean over episodes of the best coverage reached; `nil` for tasks without coverage.
    public var meanMaxCoverage: Double?
    /// Mean over episodes of the final coverage; `nil` for tasks without coverage.
    public var meanFinalCoverage: Double?
    /// Mean episode length in control steps.
    public var meanLength: Double
    /// Denoiser evaluations per control step (the sampler's cost).
    public var nfePerControlStep: Double
    public var episodesPerSecond: Double
    var seeds: Seeds
    /// The sampler's name, e.g. `ddim-10`, `rti`, `truncated-2`.
    public var sampler: String
    /// The checkpoint evaluated.
    public var checkpointStep: Int
    /// Further numbers, e.g. `mean_reward`.
    public var extras: [String: Double]?
    /// Episodes per behaviour mode, failures included.
    public var modes: [String: Int]?
    /// Successful episodes per behaviour mode: what "each mode in at least 30 % of
    /// successes" is read from.
    public var successModes: [String: Int]?

    init(episodes: Int, successes: Int, successRate: Double, wilsonLow: Double, wilsonHigh: Double,
                meanMaxCoverage: Double? = nil, meanFinalCoverage: Double? = nil, meanLength: Double,
                nfePerControlStep: Double, episodesPerSecond: Double, seeds: Seeds, sampler: String,
                checkpointStep: Int, extras: [String: Double]? = nil, modes: [String: Int]? = nil,
                successModes: [String: Int]? = nil) {
        self.episodes = episodes
        self.successes = successes
        self.successRate = successRate
        self.wilsonLow = wilsonLow
        self.wilsonHigh = wilsonHigh
        self.meanMaxCoverage = meanMaxCoverage
        self.meanFinalCoverage = meanFinalCoverage
        self.meanLength = meanLength
        self.nfePerControlStep = nfePerControlStep
        self.episodesPerSecond = episodesPerSecond
        self.seeds = seeds
        self.sampler = sampler
        self.checkpointStep = checkpointStep
        self.extras = extras
        self.modes = modes
        self.successModes = successModes
    }

    /// Summarises `records`: counts, Wilson interval, means (coverage only when every
    /// episode has it), seeds as a range when consecutive, and the mode split over all
    /// episodes and over the successful ones.
    public init(records: [EpisodeRecord], sampler: String, checkpointStep: Int, nfePerControlStep: Double,
                seconds: Double, extras: [String: Double]? = nil) {
        let n = records.count
        let successes = records.filter(\.success).count
        let interval = WilsonInterval(successes: successes, trials: n)
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        func meanIfAll(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return !present.isEmpty && present.count == values.count ? mean(present) : nil
        }
        var modes: [String: Int] = [:], successModes: [String: Int] = [:]
        for record in records where !record.mode.isEmpty {
            modes[record.mode, default: 0] += 1
            if record.success { successModes[record.mode, default: 0] += 1 }
        }
        self.init(episodes: n, successes: successes, successRate: interval.rate,
                  wilsonLow: interval.lower, wilsonHigh: interval.upper,
                  meanMaxCoverage: meanIfAll(records.map(\.maxCoverage)),
                  meanFinalCoverage: meanIfAll(records.map(\.finalCoverage)),
                  meanLength: mean(records.map { Double($0.length) }),
                  nfePerControlStep: nfePerControlStep,
                  episodesPerSecond: seconds > 0 ? Double(n) / seconds : 0,
                  seeds: Seeds(records.map(\.seed)), sampler: sampler, checkpointStep: checkpointStep,
                  extras: extras, modes: modes.isEmpty ? nil : modes,
                  successModes: successModes.isEmpty ? nil : successModes)
    }

    /// The row to append to `metrics/eval.jsonl`, which the success-rate plot reads.
    public var metricsRow: MetricsRow {
        var row: MetricsRow = ["step": checkpointStep, "success_rate": successRate,
                               "wilson_low": wilsonLow, "wilson_high": wilsonHigh, "episodes": episodes]
        if let meanMaxCoverage { row["mean_max_coverage"] = .double(meanMaxCoverage) }
        if let meanFinalCoverage { row["mean_final_coverage"] = .double(meanFinalCoverage) }
        row["mean_length"] = .double(meanLength)
        row["sampler"] = .string(sampler)
        return row
    }

    /// The numeric fields of `summary.json` by their file names, e.g. `success_rate`:
    /// what a sweep may collect.
    public static let metricNames = ["success_rate", "wilson_low", "wilson_high", "mean_max_coverage",
                                     "mean_final_coverage", "mean_length", "episodes", "successes",
                                     "nfe_per_control_step", "episodes_per_second", "checkpoint_step"]

    enum CodingKeys: String, CodingKey {
        case episodes, successes
        case successRate = "success_rate"
        case wilsonLow = "wilson_low"
        case wilsonHigh = "wilson_high"
        case meanMaxCoverage = "mean_max_coverage"
        case meanFinalCoverage = "mean_final_coverage"
        case meanLength = "mean_length"
        case nfePerControlStep = "nfe_per_control_step"
        case episodesPerSecond = "episodes_per_second"
        case seeds, sampler
        case checkpointStep = "checkpoint_step"
        case extras, modes
        case successModes = "success_modes"
    }
}
