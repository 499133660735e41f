import Configuration
import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// `pushforward eval <run|checkpoint>` and `render`: evaluate a saved policy on fresh
/// seeds with any sampler, writing `eval/<step>-<label>/` inside its run.
public enum EvalRun {
    /// Options given as `key=value` (`episodes=200 sampler.method=ddim sampler.steps=10`).
    public struct Config: Codable, Hashable, Sendable {
        public var episodes = 200
        public var seed: UInt64 = 1_000_003
        public var batchSize = 50
        /// Defaults to the run's evaluation sampler.
        public var sampler: Sampler?
        public var gifs = 3
        public var threads = 0
        /// Evaluate the EMA weights (true) or the raw training weights.
        public var ema = true
        public init() {}
    }

    public struct Result: Sendable {
        public var summary: EvaluationSummary
        public var folder: String
        public var gifs: [String]
    }

    public static func run(_ path: String, overrides: [String], label: String? = nil,
                           progress: @escaping @Sendable (Int, Int) -> Void) throws -> Result {
        let (run, requested) = try RunFolder.open(runOrCheckpoint: path)
        let trainConfig = try LoadedConfig.load(TrainConfig.self, yaml: try run.readConfig(), name: run.configPath,
                                                defaults: TrainConfig()).value
        // Overrides apply on top of the run's own sampler: `sampler.steps=20` keeps its method.
        var defaults = Config()
        defaults.sampler = trainConfig.eval.sampler
        let options = try LoadedConfig.load(Config.self, yaml: "{}", name: "command line", defaults: defaults,
                                            overrides: overrides).value
        guard options.episodes >= 1 else { throw UserFacingError("episodes must be at least 1, got \(options.episodes)") }
        guard let step = try requested ?? run.checkpoints.latest() else {
            throw UserFacingError("\(run.path): the run has no checkpoint yet")
        }
        let policy = try PolicyCheckpoint.loadPolicy(from: run.checkpoints.path(step: step), useEMA: options.ema)
        var evaluation = trainConfig.evaluationOptions
        evaluation.episodes = options.episodes
        evaluation.seed = options.seed
        evaluation.batchSize = options.batchSize
        evaluation.sampler = options.sampler ?? trainConfig.eval.sampler
        evaluation.gifs = min(options.gifs, options.episodes)
        evaluation.threads = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threadCount = evaluation.threads
        let scene = try SceneLoader.load(from: trainConfig.scene)
        let outcome: EvaluationOutcome
        switch scene {
        case .pushT(let s):
            outcome = try Evaluator.run(policy: policy, hooks: .pushT(s, observation: trainConfig.observation),
                                        options: evaluation, progress: progress)
        case .reach(let s):
            outcome = try Evaluator.run(policy: policy, hooks: .reach(s), options: evaluation, progress: progress)
        }
        let name = label ?? "\(evaluation.sampler)-\(options.episodes)ep\(options.ema ? "" : "-raw")"
        let files = try EvaluationFiles.write(outcome, options: evaluation, step: step, run: run, label: name)
        var row = outcome.summary(step: step, sampler: evaluation.sampler).metricsRow
        row["phase"] = .string("eval:\(name)")
        try MetricsLog(run: run, .eval).append(row)
        return Result(summary: outcome.summary(step: step, sampler: evaluation.sampler),
                      folder: (files.summary as NSString).deletingLastPathComponent, gifs: files.gifs)
    }
}
