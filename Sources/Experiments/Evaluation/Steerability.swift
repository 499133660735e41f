import Configuration
import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// DSRL's precondition, measured: can a frozen policy be steered through its initial
/// noise? Each of `states` evaluation initial states is run with `samples` noise streams
/// (stream 0 is the evaluation protocol's own); a state counts as solved by best-of-k when
/// any of its first `k` streams succeeds. If best-of-many is not far above the policy's
/// own success, no noise-space actor can do much better.
public struct SteerabilityReport: Sendable, Hashable, Codable {
    public var states: Int
    public var samples: Int
    public var seed: UInt64
    public var sampler: String
    public var checkpointStep: Int
    /// Successes of each state over its streams (`0...samples`), in state order.
    public var successesPerState: [Int]
    /// States solved by stream 0 alone: the policy's evaluated success.
    public var baseSuccesses: Int
    /// `k` (1, 2, 4, ..., `samples`) -> states solved by the best of the first `k` streams.
    public var bestOf: [Int: Int]
    public var seconds: Double

    /// States no stream solved.
    public var hopeless: Int { successesPerState.filter { $0 == 0 }.count }
    /// States every stream solved.
    public var safe: Int { successesPerState.filter { $0 == samples }.count }
    /// Success over all `states * samples` rollouts.
    public var meanRate: Double { Double(successesPerState.reduce(0, +)) / Double(states * samples) }
    /// Best-of-`samples` success minus the base success, in points.
    public var gainPoints: Double { Double((bestOf[samples] ?? 0) - baseSuccesses) / Double(states) * 100 }

    /// The best-of-k counts of `perStream` (`samples x states` successes, stream-major).
    static func bestOf(_ perStream: [[Bool]]) -> [Int: Int] {
        var result: [Int: Int] = [:]
        var solved = Array(repeating: false, count: perStream.first?.count ?? 0)
        for (stream, successes) in perStream.enumerated() {
            for (state, success) in successes.enumerated() where success { solved[state] = true }
            let k = stream + 1
            if k & (k - 1) == 0 || k == perStream.count { result[k] = solved.filter { $0 }.count }
        }
        return result
    }
}

/// `pushforward steerability <run> [states=100 samples=64 ...]`.
public enum SteerabilityRun {
    /// Options given as `key=value`.
    public struct Config: Codable, Hashable, Sendable {
        public var states = 100
        public var samples = 64
        public var seed = EvaluationOptions.defaultSeed
        public var batchSize = EvaluationOptions.defaultBatchSize
        /// Defaults to the run's evaluation sampler; it must be deterministic.
        public var sampler: Sampler?
        public var threads = 0
        public init() {}
    }

    public struct Result: Sendable {
        public var report: SteerabilityReport
        public var path: String
    }

    /// Measures the policy of `path` (a training run or one of its checkpoints) and writes
    /// `eval/<step>-steerability-<sampler>-<samples>x<states>/steerability.json`.
    public static func run(_ path: String, overrides: [String],
                           progress: @escaping @Sendable (Int, Int) -> Void) throws -> Result {
        var defaults = Config()
        defaults.sampler = BasePolicy.evaluationSampler(ofRun: path)
        let config = try LoadedConfig.load(Config.self, yaml: "{}", name: "command line", defaults: defaults,
                                           overrides: overrides).value
        guard config.states >= 1 else { throw UserFacingError("states must be at least 1, got \(config.states)") }
        guard config.samples >= 2 else {
            throw UserFacingError("samples must be at least 2 (noise streams per state), got \(config.samples)")
        }
        guard config.states * config.samples <= 1_000_000 else {
            throw UserFacingError("states x samples is \(config.states * config.samples) rollouts; at most 1000000")
        }
        let base = try BasePolicy(path: path, sampler: config.sampler, role: "the policy", samplerKey: "sampler")
        var options = EvaluationOptions()
        options.episodes = config.states * config.samples
        options.seed = config.seed
        options.batchSize = config.batchSize
        options.sampler = base.sampler
        options.threads = config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threadCount = options.threads
        let outcome = try Evaluator.run(policy: base.policy, task: base.task, options: options,
                                        seeds: { seeds(episode: $0, states: config.states, options: options) },
                                        progress: progress)
        let perStream = (0..<config.samples).map { stream in
            (0..<config.states).map { outcome.episodes[stream * config.states + $0].success }
        }
        let report = SteerabilityReport(
            states: config.states, samples: config.samples, seed: config.seed, sampler: base.sampler.description,
            checkpointStep: base.step,
            successesPerState: (0..<config.states).map { state in perStream.filter { $0[state] }.count },
            baseSuccesses: perStream[0].filter { $0 }.count, bestOf: SteerabilityReport.bestOf(perStream),
            seconds: outcome.seconds)
        let folder = EvaluationFolder(run: base.run, step: base.step,
                                      label: "steerability-\(base.sampler)-\(config.samples)x\(config.states)")
        return Result(report: report, path: try folder.writeJSON(report, name: "steerability.json"))
    }

    /// Episode `index` is state `index mod states` under noise stream `index / states`;
    /// stream 0 is the evaluation protocol's own noise, so its states and noise are those
    /// of `pushforward eval` with the same seed.
    static func seeds(episode index: Int, states: Int, options: EvaluationOptions) -> EpisodeSeeds {
        let stream = index / states
        var seeds = options.episodeSeeds(index % states)
        if stream > 0 { seeds.noise = SeedDomain.evaluationNoiseStream.seed(seeds.environment, index: stream) }
        return seeds
    }
}

extension Report {
    /// The table `pushforward steerability` prints.
    public static func steerability(_ r: SteerabilityReport) -> String {
        func rate(_ n: Int) -> String {
            let w = WilsonInterval(successes: n, trials: r.states)
            return String(format: "%5.1f%%  (%d/%d, Wilson 95%% [%.1f%%, %.1f%%])", w.rate * 100, n, r.states,
                          w.lower * 100, w.upper * 100)
        }
        var lines = [
            "states       \(r.states) evaluation initial states (seed \(r.seed)), \(r.samples) noise streams each",
            "base         \(rate(r.baseSuccesses))  (stream 0, as eval)",
            String(format: "mean         %5.1f%%  over all %d rollouts", r.meanRate * 100, r.states * r.samples),
        ]
        for k in r.bestOf.keys.sorted() where k > 1 {
            lines.append("best of \(k)".padding(toLength: 13, withPad: " ", startingAt: 0) + rate(r.bestOf[k]!))
        }
        lines.append("per state    \(r.hopeless) hopeless (no stream succeeds), \(r.safe) safe (every stream succeeds), "
                     + "\(r.states - r.hopeless - r.safe) decided by the noise")
        lines.append(String(format: "headroom     %+.1f points from the noise alone (DSRL's precondition: at least +25)",
                            r.gainPoints))
        lines.append("sampler      \(r.sampler), checkpoint step \(r.checkpointStep), "
                     + String(format: "%.1f s", r.seconds))
        return lines.joined(separator: "\n")
    }
}
