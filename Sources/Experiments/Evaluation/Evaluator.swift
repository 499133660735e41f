import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// How an evaluation runs. The defaults are the one definition of the evaluation
/// protocol (training configs and `pushforward eval` start from them).
public struct EvaluationOptions: Sendable, Hashable, Codable {
    public static let defaultEpisodes = 200
    /// Evaluation seeds come from their own stream (`SeedDomain.evaluationEpisode`),
    /// disjoint from the demonstrations'.
    public static let defaultSeed: UInt64 = 1_000_003
    public static let defaultBatchSize = 50

    public var episodes = defaultEpisodes
    public var seed = defaultSeed
    /// Environments run together (one batched network call per replan).
    public var batchSize = defaultBatchSize
    public var sampler = Sampler.ddim(10)
    /// GIFs of the first this-many episodes.
    public var gifs = 0
    /// Threads stepping environments; 0 uses every core.
    public var threads = 0

    public init() {}

    /// The seeds of evaluation episode `index`.
    public func episodeSeeds(_ index: Int) -> EpisodeSeeds {
        let environment = SeedDomain.evaluationEpisode.seed(seed, index: index)
        return EpisodeSeeds(environment: environment, noise: SeedDomain.evaluationNoise.seed(environment))
    }
}

/// The outcome of an evaluation: per-episode results, figures and recorded frames.
public struct EvaluationOutcome: Sendable {
    public var episodes: [EpisodeRecord]
    public var seconds: Double
    /// Mean network evaluations per planned chunk (RTI: first and warm-started chunks).
    public var functionEvaluationsPerChunk: Double
    /// Actions executed per chunk (the sampler's `every`, or the policy's `Ta`).
    public var actionHorizon: Int
    /// Draw lists of the first `gifs` episodes, one per step.
    public var frames: [[DrawList]]
    /// What the rollout engine did (steps, replans, idle slots).
    public var statistics: RolloutStatistics

    /// Network evaluations per control step (per replan divided by the executed actions).
    public var nfePerControlStep: Double { functionEvaluationsPerChunk / Double(actionHorizon) }

    /// The figures of `summary.json` for this evaluation.
    public func summary(step: Int, sampler: Sampler) -> EvaluationSummary {
        EvaluationSummary(records: episodes, sampler: sampler.description, checkpointStep: step,
                          nfePerControlStep: nfePerControlStep, seconds: seconds)
    }
}

/// Runs a policy on many episodes through the rollout engine and records each episode
/// (success, length, coverage, mode) and the frames of the first few.
public enum Evaluator {
    /// Evaluates `policy` (steered by `steering` when given: a DSRL or residual run).
    /// Episode `i` runs from `seeds(i)`, by default the evaluation protocol's
    /// (`options.episodeSeeds`).
    public static func run<Task: TaskDefinition>(
        policy: Policy, task: Task, options: EvaluationOptions, steering: PolicySteering? = nil,
        seeds: ((Int) -> EpisodeSeeds)? = nil, progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> EvaluationOutcome {
        guard options.episodes >= 1 else { throw UserFacingError("episodes must be at least 1, got \(options.episodes)") }
        guard options.gifs >= 0 else { throw UserFacingError("gifs must be at least 0, got \(options.gifs)") }
        let threads = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        let rollout = try Rollout(task: task, policy: policy, sampler: options.sampler,
                                  batchSize: min(options.batchSize, options.episodes), seed: options.seed, threads: threads)
        var recorder = EpisodeRecorder(task: task, episodes: options.episodes, batchSize: rollout.batchSize,
                                       gifs: min(options.gifs, options.episodes), steering: steering, progress: progress)
        let statistics = try rollout.run(episodes: options.episodes, seeds: seeds ?? options.episodeSeeds, observer: &recorder)
        return EvaluationOutcome(episodes: recorder.records.map { $0! }, seconds: statistics.seconds,
                                 functionEvaluationsPerChunk: Double(rollout.controller.functionEvaluations)
                                    / Double(max(1, rollout.controller.plannedChunks)),
                                 actionHorizon: rollout.controller.executionHorizon, frames: recorder.frames,
                                 statistics: statistics)
    }
}

/// Evaluation's observer: one `EpisodeRecord` per episode, frames of the first `gifs`.
struct EpisodeRecorder<Task: TaskDefinition>: RolloutObserver {
    let task: Task
    let steering: PolicySteering?
    let progress: (Int, Int) -> Void
    var records: [EpisodeRecord?]
    var frames: [[DrawList]]
    private var seeds: [UInt64]
    private var visited: [[[Double]]]
    private var maxCoverage: [Double]
    /// The episode in each slot when it is one of the first `gifs` (whose frames are kept).
    private var recording: [Int?]
    private var finished = 0, successes = 0

    init(task: Task, episodes: Int, batchSize: Int, gifs: Int, steering: PolicySteering?,
         progress: @escaping (Int, Int) -> Void) {
        self.task = task
        self.steering = steering
        self.progress = progress
        records = Array(repeating: nil, count: episodes)
        frames = Array(repeating: [], count: gifs)
        seeds = Array(repeating: 0, count: batchSize)
        visited = Array(repeating: [], count: batchSize)
        maxCoverage = Array(repeating: 0, count: batchSize)
        recording = Array(repeating: nil, count: batchSize)
    }

    mutating func begin(episode: Int, slot: Int, seeds: EpisodeSeeds, environment: Task.Env, observation: [Double]) {
        self.seeds[slot] = seeds.environment
        visited[slot] = [observation]
        maxCoverage[slot] = task.coverage(environment) ?? 0
        recording[slot] = episode < frames.count ? episode : nil
    }

    func initialNoise(planning: [Bool], controller: ChunkController) throws -> Matrix? {
        try steering?.noise?(controller, planning)
    }

    func planned(planning: [Bool], plans: inout [[[Double]]], controller: ChunkController) throws {
        try steering?.residual?(controller, planning, &plans)
    }

    mutating func willStep(environments: [Task.Env], actions: inout [[Double]?]) {
        guard !frames.isEmpty else { return }
        for (slot, action) in actions.enumerated() {
            if let action, let episode = recording[slot] { frames[episode].append(task.drawList(environments[slot], action: action)) }
        }
    }

    mutating func stepped(slot: Int, environment: Task.Env, action: [Double], result: StepResult) {
        visited[slot].append(result.observation)
        maxCoverage[slot] = max(maxCoverage[slot], task.coverage(environment) ?? 0)
    }

    mutating func end(episode: Int, slot: Int, environment: Task.Env, result: StepResult) {
        if episode < frames.count { frames[episode].append(task.drawList(environment, action: nil)) }
        let coverage = task.coverage(environment)
        records[episode] = EpisodeRecord(
            index: episode, seed: seeds[slot], success: result.info.isSuccess, length: environment.stepIndex,
            maxCoverage: coverage == nil ? nil : maxCoverage[slot], finalCoverage: coverage,
            mode: task.mode(of: visited[slot]) ?? "")
        finished += 1
        if result.info.isSuccess { successes += 1 }
        progress(finished, successes)
    }
}
