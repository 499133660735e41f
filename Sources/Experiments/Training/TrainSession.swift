import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// One training run of one task family: demonstrations, behaviour cloning, DAgger rounds,
/// periodic and final evaluation, with everything written to the run folder.
///
/// Phases: base training to `train.steps`; then each DAgger round collects learner
/// episodes labelled by the expert, aggregates them (the dataset in the run folder is
/// rewritten) and trains `stepsPerRound` more. A checkpoint is forced at every phase
/// boundary, so `--resume` restarts from the latest checkpoint with the dataset of the
/// phase it belongs to and continues bit for bit.
final class TrainSession<Task: TaskDefinition> {
    let config: TrainConfig
    let task: Task
    let run: RunFolder
    let threads: Int
    let log: @Sendable (String) -> Void
    var journal: RunJournal
    var dataset: DemonstrationDataset
    let trainer: BehaviourCloning
    let trainLog: MetricsLog
    let evalLog: MetricsLog

    static var datasetFile: String { "dataset.safetensors" }

    init(config: TrainConfig, task: Task, run: RunFolder, journal: RunJournal, dataset: DemonstrationDataset,
         threads: Int, log: @escaping @Sendable (String) -> Void) throws {
        self.config = config
        self.task = task
        self.run = run
        self.journal = journal
        self.dataset = dataset
        self.threads = threads
        self.log = log
        let (observationNormalizer, actionNormalizer) = TrainingSet.fitNormalizers(dataset, configuration: config.policy, target: config.train.target)
        var random = RandomSource(seed: SeedDomain.policyInitialisation.seed(config.seed))
        let policy = try Policy(configuration: config.policy, observationSize: task.observationSize,
                                actionSize: task.actionSize, observationNormalizer: observationNormalizer,
                                actionNormalizer: actionNormalizer, random: &random)
        let data = TrainingSet(dataset: dataset, configuration: config.policy, target: config.train.target,
                               observationNormalizer: observationNormalizer, actionNormalizer: actionNormalizer)
        // Anchors from the initial demonstrations (DAgger's later data leaves them be; a
        // resumed run loads them from its checkpoint).
        var clustering = RandomSource(seed: SeedDomain.anchorClustering.seed(config.seed))
        try policy.setAnchors(fromChunks: data.targets, random: &clustering)
        trainer = BehaviourCloning(policy: policy, data: data, options: config.trainingOptions, seed: SeedDomain.minibatches.seed(config.seed))
        trainer.threads = threads
        trainLog = try MetricsLog(run: run, .train)
        evalLog = try MetricsLog(run: run, .eval)
    }

    /// Steps at which a phase ends (base training, then each round).
    var phaseEnds: [Int] {
        [config.train.steps] + (0..<config.train.dagger.rounds).map { config.train.steps + ($0 + 1) * config.train.dagger.stepsPerRound }
    }

    /// The latest `train.keepCheckpoints`, the best periodic, plain-BC or DAgger-round
    /// evaluation, and the phase ends (pinned by `checkpoint`) stay.
    var retention: CheckpointRetention {
        CheckpointRetention(run: run, keep: config.train.keepCheckpoints) { row in
            guard let phase = row["phase"]?.string else { return false }
            return phase == "periodic" || phase == "bc" || (phase.hasPrefix("dagger") && !phase.hasSuffix("-rollouts"))
        }
    }

    /// DAgger rounds already aggregated into the dataset.
    var roundsDone: Int { Self.roundsDone(in: dataset) }

    static func roundsDone(in dataset: DemonstrationDataset) -> Int { Int(dataset.metadata["dagger_rounds"] ?? "0") ?? 0 }

    /// The round `k` of a `dagger<k>-rollouts` row of `metrics/eval.jsonl`.
    static func daggerRound(ofRolloutsRow row: MetricsRow) -> Int? {
        guard let phase = row["phase"]?.string, phase.hasPrefix("dagger"), phase.hasSuffix("-rollouts") else { return nil }
        return Int(phase.dropFirst("dagger".count).dropLast("-rollouts".count))
    }

    /// Whether `metrics/eval.jsonl` already has the evaluation `label` at `step` (a run
    /// killed between a phase's last checkpoint and its evaluation has not).
    func hasEvaluation(_ label: String, at step: Int) throws -> Bool {
        try MetricsLog.read(.eval, of: run).contains { $0.step == step && $0["phase"]?.string == label }
    }

    /// Runs from the trainer's current step to the end; returns the final evaluation.
    func runToEnd() throws -> EvaluationOutcome {
        for (phase, end) in phaseEnds.enumerated() {
            if phase > 0 && roundsDone < phase {
                try daggerRound(phase)
            }
            let label = phase == 0 ? "bc" : "dagger\(phase)"
            if trainer.step < end {
                try train(until: end)
                try checkpoint()
            } else if try trainer.step > end || hasEvaluation(label, at: end) {
                continue
            }
            let outcome = try evaluate(episodes: config.eval.periodicEpisodes, label: label)
            let summary = outcome.summary(step: trainer.step, sampler: config.eval.sampler)
            log(String(format: "%@ at step %d: success %.1f%% (%d/%d)", phase == 0 ? "plain BC" : "after DAgger round \(phase)",
                       trainer.step, summary.successRate * 100, summary.successes, summary.episodes))
        }
        return try evaluate(episodes: config.eval.episodes, label: "final", gifs: config.eval.gifs)
    }

    func train(until end: Int) throws {
        var lossSum = 0.0, lossCount = 0, windowStart = Stopwatch.now()
        while trainer.step < end {
            let loss = trainer.trainStep()
            if let rejected = trainer.rejectedStep { throw diverged(rejected) }
            lossSum += Double(loss)
            lossCount += 1
            let step = trainer.step
            if step % config.train.logEvery == 0 || step == end {
                let now = Stopwatch.now()
                let rate = Double(lossCount * config.train.batchSize) / max(now - windowStart, 1e-9)
                try trainLog.append([
                    "step": step, "loss": lossSum / Double(lossCount),
                    "lr": trainer.optimizer.learningRate, "ema_decay": trainer.average.decay,
                    "samples_per_s": rate, "dataset_steps": trainer.data.count,
                ])
                log(String(format: "step %6d/%d  loss %.5f  lr %.2e  %.0f samples/s", step, config.totalSteps,
                           lossSum / Double(lossCount), trainer.optimizer.learningRate, rate))
                lossSum = 0
                lossCount = 0
                windowStart = now
            }
            var newBest = false
            if config.train.evalEvery > 0 && step % config.train.evalEvery == 0 && step != end {
                let rate = try evaluate(episodes: config.eval.periodicEpisodes, label: "periodic")
                    .summary(step: step, sampler: config.eval.sampler).successRate
                newBest = try retention.isNewBest(rate)
            }
            // A new best is checkpointed even off the checkpoint cadence, so pruning can keep it.
            if (step % config.train.checkpointEvery == 0 || newBest) && step != end { try checkpoint() }
        }
    }

    /// The one line a diverged run ends with: the step and tensor, and what is kept.
    func diverged(_ error: NonFiniteError) -> UserFacingError {
        let kept = (try? run.checkpoints.latest()).flatMap { $0 }.map { "the last checkpoint (step \($0)) is kept" }
            ?? "no checkpoint was written"
        return UserFacingError("training diverged: \(error), nothing of that step was applied; \(kept); "
                               + "lower train.learningRate or check the dataset")
    }

    func checkpoint() throws {
        // Weights can overflow from finite updates: a checkpoint is only ever finite.
        if let bad = trainer.policy.network.parameters.firstNonFinite() ?? trainer.average.parameters.firstNonFinite() {
            throw diverged(NonFiniteError(place: "training step \(trainer.step)", tensor: "the weight \(bad.name)",
                                          value: "sum of squares \(bad.value.sumOfSquares())"))
        }
        let folder = try run.checkpoints.create(step: trainer.step)
        try PolicyCheckpoint.write(trainer: trainer, to: folder)
        try run.checkpoints.setLatest(trainer.step)
        let notes = try retention.prune(alsoKeeping: Set(phaseEnds))
        try journal.checkpoint(step: trainer.step, notes: notes)
    }

    /// Evaluates the EMA policy and logs the figures to `metrics/eval.jsonl`.
    @discardableResult
    func evaluate(episodes: Int, label: String, gifs: Int = 0) throws -> EvaluationOutcome {
        var options = config.evaluationOptions
        options.episodes = episodes
        options.gifs = gifs
        options.threads = threads
        let policy = try trainer.averagedPolicy()
        let outcome = try Evaluator.run(policy: policy, task: task, options: options)
        var row = outcome.summary(step: trainer.step, sampler: options.sampler).metricsRow
        row["phase"] = .string(label)
        row["nfe_per_control_step"] = .double(outcome.nfePerControlStep)
        try evalLog.append(row)
        return outcome
    }

    func daggerRound(_ round: Int) throws {
        let policy = try trainer.averagedPolicy()
        let beta = config.train.dagger.beta * pow(0.5, Double(round - 1))
        let result = try Dagger.round(policy: policy, task: task, count: config.train.dagger.episodes, beta: beta,
                                      seed: SeedDomain.daggerRound.seed(config.seed, index: round), sampler: config.eval.sampler,
                                      batchSize: config.eval.batchSize, threads: threads)
        for episode in result.episodes { dataset.append(episode) }
        dataset.metadata["dagger_rounds"] = String(round)
        // The row first, then the dataset: a resume drops the row of a round whose
        // dataset was not written (TrainRun), and never misses one whose dataset was.
        try evalLog.append([
            "step": trainer.step, "phase": "dagger\(round)-rollouts", "episodes": result.episodes.count,
            "success_rate": Double(result.successes) / Double(max(result.episodes.count, 1)),
            "beta": beta, "dataset_steps": dataset.stepCount, "seconds": result.seconds,
        ])
        try dataset.write(to: RunFiles.join(run.path, Self.datasetFile))
        trainer.replaceData(TrainingSet(dataset: dataset, configuration: config.policy, target: config.train.target,
                                        observationNormalizer: trainer.policy.observationNormalizer,
                                        actionNormalizer: trainer.policy.actionNormalizer))
        log(String(format: "DAgger round %d: %d learner episodes (beta %.2f, %d succeeded), dataset now %d steps, %.1f s",
                   round, result.episodes.count, beta, result.successes, dataset.stepCount, result.seconds))
    }
}
