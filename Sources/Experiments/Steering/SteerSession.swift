import Foundation
import NeuralNet
import Policies
import Reinforcement
import Runs
import Tasks

/// One steering run: rounds of training episodes through the rollout engine (the agent
/// acts, stores transitions and learns as chunks complete), with logging, periodic
/// evaluation and checkpoints between rounds.
///
/// A round is `batchSize * episodesPerRound` whole episodes, so every checkpoint falls
/// where no episode is in flight: a resumed run continues bit for bit. Episode `i` of
/// the run resets from `SeedDomain.steeringEpisode`; evaluations use the evaluation
/// seeds, disjoint from those.
final class SteerSession<Task: TaskDefinition> {
    let config: SteerConfig
    let base: BasePolicy
    let task: Task
    let run: RunFolder
    let threads: Int
    let log: @Sendable (String) -> Void
    let agent: SteeringAgent
    let rollout: Rollout<Task>
    var journal: RunJournal?
    /// Rounds completed (saved with the checkpoint).
    var round = 0
    /// The base policy's own evaluation at step 0 (periodic episodes), when this process ran it.
    var baseSummary: EvaluationSummary?
    let steerLog: MetricsLog
    let evalLog: MetricsLog


    init(config: SteerConfig, base: BasePolicy, task: Task, run: RunFolder, threads: Int,
         log: @escaping @Sendable (String) -> Void) throws {
        self.config = config
        self.base = base
        self.task = task
        self.run = run
        self.threads = threads
        self.log = log
        // Every transition is kept: one per chunk, at most steps / 1 of them.
        let capacity = config.steer.steps / max(1, base.policy.configuration.actionHorizon) + config.steer.batchSize * 2 + 16
        do {
            agent = try SteeringAgent(kind: config.agentKind, base: base.policy, options: config.steer.sac, capacity: capacity,
                                      warmupSteps: config.steer.warmupSteps,
                                      updatesPerTransition: config.steer.updatesPerTransition,
                                      reward: config.steer.reward, shaping: config.steer.shaping,
                                      aliasing: config.method == .dsrlNA ? base.sampler : nil,
                                      latentSteps: config.steer.latentSteps, seed: config.seed)
        } catch let error as ReinforcementError {
            throw UserFacingError("\(run.configPath): steer.sac: \(error)")
        }
        // The two halves of each SAC pair on two threads (bit-identical to one thread).
        agent.sac.threads = min(threads, 2)
        rollout = try Rollout(task: task, policy: base.policy, sampler: base.sampler, batchSize: config.steer.batchSize,
                              seed: config.seed, threads: threads)
        steerLog = try MetricsLog(run: run, .steer)
        evalLog = try MetricsLog(run: run, .eval)
    }

    /// The latest `steer.keepCheckpoints` and the best periodic evaluation stay.
    var retention: CheckpointRetention {
        CheckpointRetention(run: run, keep: config.steer.keepCheckpoints) { $0["phase"]?.string == "periodic" }
    }

    var episodesPerRound: Int { config.steer.batchSize * config.steer.episodesPerRound }

    /// Runs rounds until the environment-step budget is spent; returns the final evaluation.
    func runToEnd() throws -> EvaluationOutcome {
        if agent.environmentSteps == 0 && round == 0 {
            let outcome = try evaluate(episodes: config.eval.periodicEpisodes, label: "base")
            baseSummary = outcome.summary(step: 0, sampler: base.sampler)
            log(String(format: "base policy: success %.1f%% (%d/%d)", baseSummary!.successRate * 100,
                       baseSummary!.successes, baseSummary!.episodes))
        }
        var nextEvaluation = next(after: agent.environmentSteps, every: config.steer.evalEvery)
        var nextCheckpoint = next(after: agent.environmentSteps, every: config.steer.checkpointEvery)
        while agent.environmentSteps < config.steer.steps {
            try runRound()
            let steps = agent.environmentSteps
            // Evaluation before the checkpoint: killed between the two, the run resumes
            // from the checkpoint before, drops the row and evaluates again; the other
            // order would lose the row (evaluation does not touch the agent's state).
            if steps >= nextEvaluation && steps < config.steer.steps {
                let outcome = try evaluate(episodes: config.eval.periodicEpisodes, label: "periodic")
                let summary = outcome.summary(step: steps, sampler: base.sampler)
                log(String(format: "evaluation at %d environment steps: success %.1f%% (%d/%d)", steps,
                           summary.successRate * 100, summary.successes, summary.episodes))
                nextEvaluation = next(after: steps, every: config.steer.evalEvery)
                // A new best is checkpointed off the cadence too, so pruning can keep it.
                if try retention.isNewBest(summary.successRate) { nextCheckpoint = min(nextCheckpoint, steps) }
            }
            if steps >= nextCheckpoint && steps < config.steer.steps {
                try checkpoint()
                nextCheckpoint = next(after: steps, every: config.steer.checkpointEvery)
            }
        }
        try checkpoint()
        return try evaluate(episodes: config.eval.episodes, label: "final", gifs: config.eval.gifs)
    }

    private func next(after steps: Int, every: Int) -> Int {
        every > 0 ? (steps / every + 1) * every : Int.max
    }

    /// One round of training episodes; logs one row to `metrics/steer.jsonl`.
    func runRound() throws {
        let start = Stopwatch.now()
        let stepsBefore = agent.environmentSteps, updatesBefore = agent.sac.stepCount
        var collector = SteeringCollector<Task.Env>(agent: agent, batchSize: rollout.batchSize)
        let first = round * episodesPerRound, seed = config.seed
        do {
            try rollout.run(episodes: episodesPerRound, seeds: { index in
                let episode = SeedDomain.steeringEpisode.seed(seed, index: first + index)
                return EpisodeSeeds(environment: episode, noise: SeedDomain.steeringNoise.seed(episode))
            }, observer: &collector)
        } catch .nonFinite(let step, let tensor, let kind) as ReinforcementError {
            throw UserFacingError("steering diverged at gradient step \(step) (environment step \(agent.environmentSteps)): "
                                  + "\(tensor) is \(kind.rawValue), nothing of that step was applied; \(keptCheckpoint); "
                                  + "lower steer.sac.learningRate or check rewards")
        }
        round += 1
        let seconds = Stopwatch.now() - start
        let successes = collector.finished.filter(\.success).count
        let episodes = collector.finished.count
        var row: MetricsRow = [
            "step": agent.environmentSteps, "round": round, "episodes": episodes,
            "success_rate": Double(successes) / Double(max(episodes, 1)),
            "return": collector.finished.map(\.return).reduce(0, +) / Double(max(episodes, 1)),
            "transitions": agent.transitions, "gradient_steps": agent.sac.stepCount,
            "env_steps_per_s": Double(agent.environmentSteps - stepsBefore) / max(seconds, 1e-9),
            "gradient_steps_per_s": Double(agent.sac.stepCount - updatesBefore) / max(seconds, 1e-9),
        ]
        if let update = agent.lastUpdate {
            for (key, value) in [("critic_loss", update.criticLoss), ("actor_loss", update.actorLoss),
                                 ("alpha_loss", update.alphaLoss), ("q_mean", update.meanQ), ("alpha", update.alpha),
                                 ("entropy", update.entropy)] {
                row[key] = .double(Double(value))
            }
        }
        try steerLog.append(row)
        log(String(format: "round %d: %d env steps, training success %.0f%% (%d/%d), %.0f env steps/s, %d gradient steps",
                   round, agent.environmentSteps, 100 * Double(successes) / Double(max(episodes, 1)), successes, episodes,
                   Double(agent.environmentSteps - stepsBefore) / max(seconds, 1e-9), agent.sac.stepCount))
    }

    func evaluationOptions(episodes: Int, gifs: Int) -> EvaluationOptions {
        var options = EvaluationOptions()
        options.episodes = episodes
        options.seed = config.eval.seed
        options.batchSize = config.eval.batchSize
        options.sampler = base.sampler
        options.gifs = gifs
        options.threads = threads
        return options
    }

    /// Evaluates the steered policy (the agent's mean action) and logs it to `metrics/eval.jsonl`.
    @discardableResult
    func evaluate(episodes: Int, label: String, gifs: Int = 0) throws -> EvaluationOutcome {
        let outcome = try Evaluator.run(policy: base.policy, task: task, options: evaluationOptions(episodes: episodes, gifs: gifs),
                                        steering: label == "base" ? nil : agent.steering())
        var row = outcome.summary(step: agent.environmentSteps, sampler: base.sampler).metricsRow
        row["phase"] = .string(label)
        try evalLog.append(row)
        return outcome
    }

    /// What a diverged run leaves: its last checkpoint, if it wrote one.
    var keptCheckpoint: String {
        (try? run.checkpoints.latest()).flatMap { $0 }.map { "the last checkpoint (environment step \($0)) is kept" }
            ?? "no checkpoint was written"
    }

    func checkpoint() throws {
        let step = agent.environmentSteps
        var tensors = agent.tensors()
        // A checkpoint is only ever finite: the one before stays the latest otherwise.
        for name in tensors.keys.sorted() where tensors[name]!.dtype == .f32 {
            if !(try tensors[name]!.floatValues()).allSatisfy(\.isFinite) {
                throw UserFacingError("steering diverged at environment step \(step): \(name) is not finite; \(keptCheckpoint); "
                                      + "lower steer.sac.learningRate or check rewards")
            }
        }
        let folder = try run.checkpoints.create(step: step)
        tensors["session.round"] = TensorData(int64: [Int64(round)], shape: [])
        let metadata = ["format": "pushforward-steering-1", "method": config.method.rawValue,
                        "base_run": base.run.path, "base_step": String(base.step), "step": String(step)]
        try SafeTensors.write(SafeTensorsFile(tensors: tensors, metadata: metadata),
                              to: URL(fileURLWithPath: RunFiles.join(folder, SteeringFiles.agent)))
        try SafeTensors.write(SafeTensorsFile(tensors: agent.buffer.tensors(), metadata: metadata),
                              to: URL(fileURLWithPath: RunFiles.join(folder, SteeringFiles.replay)))
        try run.checkpoints.setLatest(step)
        try journal?.checkpoint(step: step, notes: retention.prune())
    }

    func restore(from folder: String) throws {
        let agentPath = RunFiles.join(folder, SteeringFiles.agent), replayPath = RunFiles.join(folder, SteeringFiles.replay)
        let state = try SafeTensors.read(contentsOf: URL(fileURLWithPath: agentPath))
        let replay = try SafeTensors.read(contentsOf: URL(fileURLWithPath: replayPath))
        try agent.restore(from: state.tensors.filter { !$0.key.hasPrefix("session.") }, replay: replay.tensors, file: agentPath)
        round = Int(try TensorData.require("session.round", in: state.tensors, dtype: .i64, shape: [], file: agentPath)
            .int64Values()[0])
    }
}
