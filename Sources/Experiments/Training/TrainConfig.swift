import Configuration
import Foundation
import Policies
import Tasks

/// A training configuration (`Configs/<task>/<family>.yaml`): which scene, which
/// demonstrations, which policy, how to train and how to evaluate. Every key has a
/// default, so a file states only what differs; `k=v` overrides apply on top.
public struct TrainConfig: Codable, Hashable, Sendable {
    /// Where demonstrations come from.
    public struct Demos: Codable, Hashable, Sendable {
        /// Expert episodes to collect (successful ones are kept).
        public var episodes = 200
        /// An existing dataset file to use instead of collecting (empty: collect).
        public var file = ""
        public init() {}
    }

    /// Interactive imitation: roll out the learner, label every visited state with the
    /// expert's chunk, aggregate, keep training.
    public struct Dagger: Codable, Hashable, Sendable {
        public var rounds = 0
        /// Learner episodes per round.
        public var episodes = 50
        /// Training steps after each round.
        public var stepsPerRound = 4_000
        /// Chance that the expert, not the learner, acts at a step in round 1; it halves
        /// every round (the usual beta schedule).
        public var beta = 0.5
        public init() {}
    }

    /// Optimisation and bookkeeping cadence.
    public struct Train: Codable, Hashable, Sendable {
        public var steps = 20_000
        public var batchSize = 256
        public var learningRate = 1e-4
        public var weightDecay = 1e-6
        public var warmupSteps = 500
        public var gradientClip = 10.0
        public var emaPower = 0.75
        public var target = TrainingSet.Target.expertChunk
        public var logEvery = 200
        /// Periodic evaluation with `eval.periodicEpisodes` episodes (0: only at the end).
        public var evalEvery = 0
        public var checkpointEvery = 5_000
        /// Checkpoints kept (older ones are pruned).
        public var keepCheckpoints = 3
        public var dagger = Dagger()
        public init() {}
    }

    public struct Eval: Codable, Hashable, Sendable {
        public var episodes = EvaluationOptions.defaultEpisodes
        public var periodicEpisodes = 50
        public var seed = EvaluationOptions.defaultSeed
        public var batchSize = EvaluationOptions.defaultBatchSize
        public var sampler = Sampler.ddim(10)
        public var gifs = 3
        public init() {}
    }

    /// Scene file (`Scenes/*.yaml`).
    public var scene = "Scenes/pusht.yaml"
    /// Push-T observation: `state` or `keypoints`.
    public var observation = PushTEnvironment.ObservationKind.state
    public var seed: UInt64 = 0
    /// Threads for environments and BLAS; 0 uses every core.
    public var threads = 0
    public var demos = Demos()
    /// The Push-T expert's options (`expert.temperature=1` for the randomised variant).
    public var expert = PushTExpert.Options()
    public var policy = PolicyConfiguration()
    public var train = Train()
    public var eval = Eval()

    public init() {}

    /// The optimisation options of the whole run (base steps plus every DAgger round).
    public var trainingOptions: TrainingOptions {
        var o = TrainingOptions()
        o.steps = totalSteps
        o.batchSize = train.batchSize
        o.learningRate = train.learningRate
        o.weightDecay = train.weightDecay
        o.warmupSteps = train.warmupSteps
        o.gradientClip = train.gradientClip
        o.emaPower = train.emaPower
        o.target = train.target
        return o
    }

    /// The keys at the top of a training configuration.
    static let topLevelKeys: Set = ["scene", "observation", "seed", "threads", "demos", "expert", "policy", "train", "eval"]

    /// The task options of the configuration (`observation`, `expert`).
    public var taskOptions: TaskOptions { TaskOptions(observation: observation, expert: expert) }

    public var totalSteps: Int { train.steps + train.dagger.rounds * train.dagger.stepsPerRound }

    public var evaluationOptions: EvaluationOptions {
        var o = EvaluationOptions()
        o.episodes = eval.episodes
        o.seed = eval.seed
        o.batchSize = eval.batchSize
        o.sampler = eval.sampler
        o.gifs = eval.gifs
        o.threads = threads
        return o
    }

    /// Checks what decoding cannot; errors name the key.
    public func validate() throws {
        try policy.validate()
        func positive(_ value: Int, _ path: [String]) throws {
            guard value >= 1 else { throw SceneError(path: path, "must be at least 1, got \(value)") }
        }
        try positive(train.steps, ["train", "steps"])
        try positive(train.batchSize, ["train", "batchSize"])
        try positive(train.logEvery, ["train", "logEvery"])
        try positive(train.checkpointEvery, ["train", "checkpointEvery"])
        try positive(eval.episodes, ["eval", "episodes"])
        try positive(eval.batchSize, ["eval", "batchSize"])
        try positive(demos.episodes, ["demos", "episodes"])
        try positive(eval.periodicEpisodes, ["eval", "periodicEpisodes"])
        func atLeastZero(_ value: Int, _ path: [String]) throws {
            guard value >= 0 else { throw SceneError(path: path, "must be at least 0, got \(value)") }
        }
        try atLeastZero(train.dagger.rounds, ["train", "dagger", "rounds"])
        try atLeastZero(train.warmupSteps, ["train", "warmupSteps"])
        try atLeastZero(train.evalEvery, ["train", "evalEvery"])
        try atLeastZero(threads, ["threads"])
        try positive(train.keepCheckpoints, ["train", "keepCheckpoints"])
        if train.dagger.rounds > 0 {
            try positive(train.dagger.episodes, ["train", "dagger", "episodes"])
            try positive(train.dagger.stepsPerRound, ["train", "dagger", "stepsPerRound"])
        }
        guard (0...eval.episodes).contains(eval.gifs) else {
            throw SceneError(path: ["eval", "gifs"], "must be between 0 and eval.episodes (\(eval.episodes)), got \(eval.gifs)")
        }
        if eval.sampler.method != .ddpm, !(1...policy.diffusionSteps).contains(eval.sampler.steps) {
            throw SceneError(path: ["eval", "sampler", "steps"], "must be in 1...\(policy.diffusionSteps), got \(eval.sampler.steps)")
        }
        for (value, key) in [(train.gradientClip, "gradientClip"), (train.emaPower, "emaPower"), (train.weightDecay, "weightDecay")] {
            guard value >= 0, value.isFinite else { throw SceneError(path: ["train", key], "must be 0 or more, got \(value)") }
        }
        var isFolder: ObjCBool = false
        if !demos.file.isEmpty, !FileManager.default.fileExists(atPath: demos.file, isDirectory: &isFolder) {
            throw SceneError(path: ["demos", "file"], "\(demos.file): no such file (a dataset written by pushforward demos)")
        }
        if !demos.file.isEmpty, isFolder.boolValue {
            throw SceneError(path: ["demos", "file"], "\(demos.file): is a folder, not a dataset file (pushforward demos writes one)")
        }
        guard train.learningRate > 0, train.learningRate.isFinite else {
            throw SceneError(path: ["train", "learningRate"], "must be positive, got \(train.learningRate)")
        }
        guard train.dagger.beta >= 0, train.dagger.beta <= 1 else {
            throw SceneError(path: ["train", "dagger", "beta"], "must be in [0, 1], got \(train.dagger.beta)")
        }
        switch (policy.family, eval.sampler.method) {
        case (.diffusion, .euler):
            throw SceneError(path: ["eval", "sampler", "method"], "'euler' samples flow policies; use ddim or ddpm for policy.family diffusion")
        case (.flow, .ddim), (.flow, .ddpm):
            throw SceneError(path: ["eval", "sampler", "method"], "'\(eval.sampler.method.rawValue)' samples diffusion policies; use euler for policy.family flow")
        case (.anchored, let method) where method != .anchored:
            throw SceneError(path: ["eval", "sampler", "method"], "'\(method.rawValue)' samples diffusion or flow policies; use anchored for policy.family anchored")
        default: break
        }
        do {
            try eval.sampler.validate(for: policy)
        } catch {
            throw SceneError(path: ["eval", "sampler"], error.description)
        }
    }
}

extension PolicyError: KeyedConfigError {
    public var configPath: [String] { keyPath ?? [] }
    public var configMessage: String {
        switch self {
        case .invalid(_, let message): message
        case .samplerMismatch(let message), .compositionMismatch(let message): message
        }
    }
}
