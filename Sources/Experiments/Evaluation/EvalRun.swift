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
        public var episodes = EvaluationOptions.defaultEpisodes
        public var seed = EvaluationOptions.defaultSeed
        public var batchSize = EvaluationOptions.defaultBatchSize
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

    /// The training configuration spells these keys under `eval.` (`eval.sampler.steps=2`);
    /// `eval` takes both spellings. Other training keys are refused with what eval takes.
    static func evaluationOverrides(_ overrides: [String]) throws -> [String] {
        let keys = ["episodes", "seed", "batchSize", "sampler", "gifs", "threads", "ema"]
        return try overrides.map { override in
            let stripped = override.hasPrefix("eval.") ? String(override.dropFirst(5)) : override
            let key = String(stripped.prefix { $0 != "." && $0 != "=" })
            if stripped.contains("="), !keys.contains(key), TrainConfig.topLevelKeys.contains(key) {
                let name = override.prefix { $0 != "=" }
                throw UserFacingError("'\(name)' is a training key, fixed by the run; eval takes \(keys.joined(separator: ", ")) (also spelled eval.<key>)")
            }
            return stripped
        }
    }

    public static func run(_ path: String, overrides: [String], label: String? = nil,
                           progress: @escaping @Sendable (Int, Int) -> Void) throws -> Result {
        let (run, requested) = try RunFolder.open(runOrCheckpoint: path)
        let text = try run.readConfig()
        if ConfigDocument.topLevelString("method", inYAML: text) != nil {
            let steered = try SteeredPolicy(run: run, configText: text, step: requested)
            return try evaluate(run: run, policy: steered.base.policy, task: steered.base.task, step: steered.step,
                                sampler: steered.base.sampler, steering: steered.agent.steering(),
                                overrides: overrides, label: label, progress: progress)
        }
        if ComposedRunPolicy.isComposition(configText: text) {
            guard requested == nil else { throw UserFacingError("\(path): a composition run has no checkpoints; give the run folder") }
            let composed = try ComposedRunPolicy(run: run, configText: text)
            return try evaluate(run: run, policy: composed.policy, task: composed.task, step: 0, sampler: composed.sampler,
                                steering: nil, overrides: overrides, label: label, progress: progress)
        }
        let trainConfig = try LoadedConfig.load(TrainConfig.self, yaml: text, name: run.configPath,
                                                defaults: TrainConfig()).value
        guard let step = try requested ?? run.checkpoints.latest() else {
            throw UserFacingError("\(run.path): the run has no checkpoint yet")
        }
        let useEMA = try options(overrides, sampler: trainConfig.eval.sampler).ema
        let policy = try PolicyCheckpoint.loadPolicy(from: run.checkpoints.path(step: step), useEMA: useEMA)
        let task = try RunScene.load(trainConfig.scene, of: run).makeTask(options: trainConfig.taskOptions)
        return try evaluate(run: run, policy: policy, task: task, step: step,
                            sampler: trainConfig.eval.sampler, steering: nil, overrides: overrides, label: label,
                            progress: progress)
    }

    /// The command-line options over the run's own evaluation sampler (`sampler.steps=20`
    /// keeps its method).
    static func options(_ overrides: [String], sampler: Sampler) throws -> Config {
        var defaults = Config()
        defaults.sampler = sampler
        let options = try LoadedConfig.load(Config.self, yaml: "{}", name: "command line", defaults: defaults,
                                            overrides: try evaluationOverrides(overrides)).value
        guard options.episodes >= 1 else { throw UserFacingError("episodes must be at least 1, got \(options.episodes)") }
        return options
    }

    private static func evaluate<Task: TaskDefinition>(
        run: RunFolder, policy: Policy, task: Task, step: Int, sampler: Sampler,
        steering: PolicySteering?, overrides: [String], label: String?, progress: @escaping @Sendable (Int, Int) -> Void
    ) throws -> Result {
        let options = try options(overrides, sampler: sampler)
        var evaluation = EvaluationOptions()
        evaluation.episodes = options.episodes
        evaluation.seed = options.seed
        evaluation.batchSize = options.batchSize
        evaluation.sampler = (options.sampler ?? sampler).resolved(for: policy.configuration)
        evaluation.gifs = min(options.gifs, options.episodes)
        evaluation.threads = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threadCount = evaluation.threads
        if steering != nil, evaluation.sampler.method == .ddpm {
            throw UserFacingError("sampler.method=ddpm: a steered policy runs its base deterministically; use \(sampler.method.rawValue)")
        }
        if steering != nil, evaluation.sampler.method == .rti || evaluation.sampler.every != nil {
            throw UserFacingError("sampler.\(evaluation.sampler.method == .rti ? "method=rti" : "every"): a steered policy's agent acts on every chunk of its base's \(sampler); RTI and another execution horizon are for unsteered policies")
        }
        let outcome = try Evaluator.run(policy: policy, task: task, options: evaluation, steering: steering, progress: progress)
        let name = label ?? "\(evaluation.sampler)-\(options.episodes)ep\(options.ema ? "" : "-raw")"
        let files = try EvaluationFiles.write(outcome, options: evaluation, step: step, run: run, label: name)
        var row = outcome.summary(step: step, sampler: evaluation.sampler).metricsRow
        row["phase"] = .string("eval:\(name)")
        row["nfe_per_control_step"] = .double(outcome.nfePerControlStep)
        try MetricsLog(run: run, .eval).append(row)
        try? RunPlots.write(run: run)  // the plots show this evaluation too
        return Result(summary: outcome.summary(step: step, sampler: evaluation.sampler),
                      folder: RunFiles.parent(of: files.summary), gifs: files.gifs)
    }
}
