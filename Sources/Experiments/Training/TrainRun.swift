import Configuration
import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// `pushforward train` and `train --resume`: the whole run, in a run folder.
public enum TrainRun {
    public struct Result: Sendable {
        public var run: RunFolder
        public var step: Int
        public var outcome: EvaluationOutcome
        public var summary: EvaluationSummary
        public var summaryPath: String
        public var gifs: [String]
    }

    /// Loads and checks a training configuration (defaults, file, overrides).
    public static func loadConfig(_ path: String, overrides: [String]) throws -> LoadedConfig<TrainConfig> {
        let loaded = try LoadedConfig.load(TrainConfig.self, from: path, defaults: TrainConfig(), overrides: overrides)
        // An empty file is refused by the reader; one of only comments would silently
        // start the default hours-long Push-T run.
        guard !loaded.fileSetsNothing else {
            throw UserFacingError("\(path): the file sets nothing (only comments); a training config names at least its "
                                  + "scene, e.g. 'scene: Scenes/pusht.yaml' (pushforward quickstart runs the default job)")
        }
        try loaded.validate { try $0.validate() }
        return loaded
    }

    /// Starts a new run from a configuration file.
    public static func start(configPath: String, overrides: [String], runsRoot: String = "runs",
                             log: @escaping @Sendable (String) -> Void) throws -> Result {
        try start(loaded: loadConfig(configPath, overrides: overrides), runsRoot: runsRoot, log: log)
    }

    /// Starts a new run from configuration text (`name` stands for the file in messages).
    public static func start(yaml: String, name: String, overrides: [String], runsRoot: String = "runs",
                             log: @escaping @Sendable (String) -> Void) throws -> Result {
        let loaded = try LoadedConfig.load(TrainConfig.self, yaml: yaml, name: name, defaults: TrainConfig(),
                                           overrides: overrides)
        try loaded.validate { try $0.validate() }
        return try start(loaded: loaded, runsRoot: runsRoot, log: log)
    }

    private static func start(loaded: LoadedConfig<TrainConfig>, runsRoot: String,
                              log: @escaping @Sendable (String) -> Void) throws -> Result {
        let config = loaded.value
        let scene = try loaded.validate { _ in try SceneLoader.load(from: config.scene) }
        try loaded.validate { config in
            let task = try scene.makeTask(options: config.taskOptions)
            try config.policy.validate(observationSize: task.observationSize, actionSize: task.actionSize)
        }
        if !config.demos.file.isEmpty {
            // A file that is not a dataset (or a damaged one) is refused before the run folder exists.
            _ = try loaded.validate { _ in
                do { return try DemonstrationDataset.read(from: config.demos.file) } catch {
                    throw SceneError(path: ["demos", "file"], "\(error)")
                }
            }
        }
        let anchors = config.policy.anchorCount
        if anchors > 0, !config.demos.file.isEmpty {
            // Known before the run folder exists when the chunks come from a file (collected
            // demonstrations are counted only once collected: the run then fails).
            let chunks = try DemonstrationDataset.read(from: config.demos.file).stepCount
            try loaded.validate { _ in
                guard anchors <= chunks else { throw PolicyError.tooFewChunks(anchors: anchors, chunks: chunks) }
            }
        }
        let run = try RunFolder.create(task: scene.name, policy: config.policy.family.rawValue, seed: config.seed, root: runsRoot)
        try run.writeConfig(try loaded.resolvedYAML())
        try RunScene.save(config.scene, into: run)
        log("run folder \(run.path)")
        return try execute(config: config, scene: scene, run: run, resume: false, log: log)
    }

    /// Continues a run from its latest checkpoint.
    public static func resume(runPath: String, log: @escaping @Sendable (String) -> Void) throws -> Result {
        let run = try RunFolder.open(runPath)
        let loaded = try LoadedConfig.load(TrainConfig.self, yaml: try run.readConfig(), name: run.configPath,
                                           defaults: TrainConfig())
        let scene = try loaded.validate { config in try RunScene.load(config.scene, of: run) }
        return try execute(config: loaded.value, scene: scene, run: run, resume: true, log: log)
    }

    private static func execute(config: TrainConfig, scene: any TaskScene, run: RunFolder, resume: Bool,
                                log: @escaping @Sendable (String) -> Void) throws -> Result {
        let threads = config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount
        let task = try scene.makeTask(options: config.taskOptions)
        return try execute(config: config, task: task, run: run, resume: resume, threads: threads, log: log)
    }

    private static func execute<Task: TaskDefinition>(config: TrainConfig, task: Task, run: RunFolder, resume: Bool,
                                                      threads: Int, log: @escaping @Sendable (String) -> Void) throws -> Result {
        BLAS.threadCount = threads
        var journal = resume ? try RunJournal.resume(run, threads: threads) : try RunJournal.start(run, threads: threads)
        // Wall times compare only between runs on the same kernels (see BLASKernels).
        try journal.note("blas_kernels", BLASKernels.current)
        do {
            let datasetPath = RunFiles.join(run.path, TrainSession<Task>.datasetFile)
            let dataset: DemonstrationDataset
            // A run killed before its dataset was written collects it again on resume:
            // collection is seeded, so the dataset is the same one.
            if resume && RunFiles.exists(datasetPath) {
                dataset = try DemonstrationDataset.read(from: datasetPath)
            } else if !config.demos.file.isEmpty {
                dataset = try DemonstrationDataset.read(from: config.demos.file)
                try dataset.write(to: datasetPath)
            } else {
                let progress = ProgressReporter(total: config.demos.episodes, label: "demos \(task.sceneName)")
                let outcome = try Demos.collect(
                    task: task, scenePath: config.scene, episodes: config.demos.episodes,
                    seed: config.seed, threads: threads, keepFailures: false) { done, successes in
                        progress.update(done: done, successes: successes)
                    }
                guard outcome.dataset.episodeCount > 0 else {
                    throw UserFacingError("the expert succeeded in none of \(config.demos.episodes) episodes; nothing to learn from")
                }
                dataset = outcome.dataset
                try dataset.write(to: datasetPath)
                log(String(format: "demos: %d/%d expert episodes succeeded, %d steps kept, %.1f s",
                           outcome.successes, config.demos.episodes, dataset.stepCount, outcome.seconds))
            }
            // Logs are cut back to the checkpoint before the session opens them (the cut
            // replaces the files; a log opened earlier would append to the old ones).
            // Killed before its first checkpoint, a run starts again from step 0 and keeps
            // no row of the attempt (step -1 keeps none of them).
            // A DAgger round logs its rollouts before the dataset that holds them is
            // written; killed in between, the round runs again, so its row goes too. The
            // final evaluation always runs again on resume: a row of it goes as well.
            let resumeStep = resume ? try run.checkpoints.latest() : nil
            if resume {
                let rounds = TrainSession<Task>.roundsDone(in: dataset)
                for kind in MetricsLog.Kind.allCases {
                    _ = try MetricsLog.truncate(kind.path(in: run)) { row in
                        (row.step ?? Int.min) <= (resumeStep ?? -1) && row["phase"]?.string != "final"
                            && TrainSession<Task>.daggerRound(ofRolloutsRow: row).map { $0 <= rounds } ?? true
                    }
                }
            }
            let session = try TrainSession(config: config, task: task, run: run, journal: journal, dataset: dataset,
                                           threads: threads, log: log)
            if let step = resumeStep {
                try PolicyCheckpoint.restore(session.trainer, from: run.checkpoints.path(step: step))
                session.trainer.replaceData(TrainingSet(
                    dataset: dataset, configuration: config.policy, target: config.train.target,
                    observationNormalizer: session.trainer.policy.observationNormalizer,
                    actionNormalizer: session.trainer.policy.actionNormalizer))
                log("resuming from step \(step)")
            }
            let outcome = try session.runToEnd()
            journal = session.journal
            let files = try EvaluationFiles.write(outcome, options: {
                var o = config.evaluationOptions
                o.threads = threads
                return o
            }(), step: session.trainer.step, run: run)
            try journal.note("final_success_rate", String(format: "%.4f", outcome.summary(step: session.trainer.step, sampler: config.eval.sampler).successRate))
            try journal.finish()
            try? RunPlots.write(run: run)
            return Result(run: run, step: session.trainer.step, outcome: outcome,
                          summary: outcome.summary(step: session.trainer.step, sampler: config.eval.sampler),
                          summaryPath: files.summary, gifs: files.gifs)
        } catch {
            try? journal.fail(error)
            throw error
        }
    }
}
