import Configuration
import Foundation
import NeuralNet
import Policies
import Reinforcement
import Runs
import Tasks

/// `pushforward steer` and `steer --resume`: RL fine-tuning of a frozen base policy
/// (DSRL or residual RL) in a run folder of its own.
public enum SteerRun {
    public struct Result: Sendable {
        public var run: RunFolder
        public var environmentSteps: Int
        public var summary: EvaluationSummary
        public var baseSummary: EvaluationSummary?
        public var summaryPath: String
        public var gifs: [String]
    }

    /// Loads and checks a steering configuration (defaults, file, overrides).
    public static func loadConfig(_ path: String, overrides: [String]) throws -> LoadedConfig<SteerConfig> {
        let loaded = try LoadedConfig.load(SteerConfig.self, from: path, defaults: SteerConfig(), overrides: overrides)
        try loaded.validate { try $0.validate() }
        return loaded
    }

    /// Starts a new steering run. With `base.recipe` and no `base.run`, trains the base
    /// policy first (its own run folder) and records it as `base.run`.
    public static func start(configPath: String, overrides: [String], runsRoot: String = "runs",
                             log: @escaping @Sendable (String) -> Void) throws -> Result {
        try start(load: { extra in try loadConfig(configPath, overrides: overrides + extra) }, runsRoot: runsRoot, log: log)
    }

    /// Starts a new steering run from configuration text (`name` stands for the file in messages).
    public static func start(yaml: String, name: String, overrides: [String], runsRoot: String = "runs",
                             log: @escaping @Sendable (String) -> Void) throws -> Result {
        try start(load: { extra in
            let loaded = try LoadedConfig.load(SteerConfig.self, yaml: yaml, name: name, defaults: SteerConfig(),
                                               overrides: overrides + extra)
            try loaded.validate { try $0.validate() }
            return loaded
        }, runsRoot: runsRoot, log: log)
    }

    private static func start(load: ([String]) throws -> LoadedConfig<SteerConfig>, runsRoot: String,
                              log: @escaping @Sendable (String) -> Void) throws -> Result {
        var loaded = try load([])
        if loaded.value.base.run.isEmpty {
            try loaded.validate { config in
                let recipe = try checkRecipe(config.base)
                try config.validate(baseHorizon: recipe.policy.predictionHorizon)
            }
            log("training the base policy: \(loaded.value.base.recipe) \(loaded.value.base.overrides.joined(separator: " "))")
            let trained = try TrainRun.start(configPath: loaded.value.base.recipe, overrides: loaded.value.base.overrides,
                                             runsRoot: runsRoot, log: log)
            loaded = try load(["base.run=\(trained.run.path)"])
        }
        let config = loaded.value
        let base = try loaded.validate { _ in try BasePolicy(path: config.base.run, sampler: config.base.sampler) }
        try loaded.validate { config in try config.validate(base: base.policy) }
        let run = try RunFolder.create(task: base.task.sceneName, policy: config.method.rawValue, seed: config.seed,
                                       root: runsRoot)
        try run.writeConfig(try loaded.resolvedYAML())
        log("run folder \(run.path)")
        return try execute(config: config, base: base, task: base.task, run: run, resume: false, log: log)
    }

    /// Loads the base's training recipe as training would, so that a missing, broken or
    /// wrong file is refused (on the line of `base.recipe`) before anything runs; returns it.
    private static func checkRecipe(_ base: SteerConfig.Base) throws -> TrainConfig {
        do {
            return try TrainRun.loadConfig(base.recipe, overrides: base.overrides).value
        } catch {
            let text = (try? ConfigDocument.readFile(base.recipe)) ?? ""
            if ConfigDocument.topLevelString("method", inYAML: text) != nil || "\(error)".contains("unknown key 'base'") {
                throw SceneError(path: ["base", "recipe"], "\(base.recipe) is a steering configuration; base.recipe names "
                                 + "a training configuration (e.g. Configs/reach/diffusion.yaml)")
            }
            throw SceneError(path: ["base", "recipe"], "\(error)")
        }
    }

    /// Continues a steering run from its latest checkpoint.
    public static func resume(runPath: String, log: @escaping @Sendable (String) -> Void) throws -> Result {
        let run = try RunFolder.open(runPath)
        let loaded = try LoadedConfig.load(SteerConfig.self, yaml: try run.readConfig(), name: run.configPath,
                                           defaults: SteerConfig())
        let config = loaded.value
        let base = try BasePolicy(path: config.base.run, sampler: config.base.sampler)
        return try execute(config: config, base: base, task: base.task, run: run, resume: true, log: log)
    }

    private static func execute<Task: TaskDefinition>(
        config: SteerConfig, base: BasePolicy, task: Task, run: RunFolder, resume: Bool,
        log: @escaping @Sendable (String) -> Void
    ) throws -> Result {
        let threads = config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threadCount = threads
        var journal = resume ? try RunJournal.resume(run, threads: threads) : try RunJournal.start(run, threads: threads)
        // Wall times compare only between runs on the same kernels (see BLASKernels).
        try journal.note("blas_kernels", BLASKernels.current)
        do {
            // Logs are cut back to the checkpoint before the session opens them (to no
            // row at all when the run was killed before its first checkpoint); the final
            // evaluation runs again on resume, so a row of it goes too.
            let resumeStep = resume ? try run.checkpoints.latest() : nil
            if resume {
                for kind in MetricsLog.Kind.allCases {
                    _ = try MetricsLog.truncate(kind.path(in: run)) { row in
                        (row.step ?? Int.min) <= (resumeStep ?? -1) && row["phase"]?.string != "final"
                    }
                }
            }
            let session = try SteerSession(config: config, base: base, task: task, run: run, threads: threads, log: log)
            if let step = resumeStep {
                try session.restore(from: run.checkpoints.path(step: step))
                log("resuming from environment step \(step)")
            }
            session.journal = journal
            let outcome = try session.runToEnd()
            journal = session.journal ?? journal
            var options = session.evaluationOptions(episodes: config.eval.episodes, gifs: config.eval.gifs)
            options.threads = threads
            let step = session.agent.environmentSteps
            let files = try EvaluationFiles.write(outcome, options: options, step: step, run: run)
            let summary = outcome.summary(step: step, sampler: base.sampler)
            try journal.note("final_success_rate", String(format: "%.4f", summary.successRate))
            try journal.finish()
            try? RunPlots.write(run: run)
            return Result(run: run, environmentSteps: step, summary: summary, baseSummary: session.baseSummary,
                          summaryPath: files.summary, gifs: files.gifs)
        } catch {
            try? journal.fail(error)
            throw error
        }
    }
}
