import Foundation
import NeuralNet
import Physics2D
import Policies
import Tasks

/// One live episode at a time, as `pushforward view` shows it: the environment, who
/// drives it (a policy through `ChunkController`, the scripted expert, or the mouse), the
/// simulated clock, and what the keys change. No window here: the `Viewer` module draws
/// `frame()` and `headsUp` and feeds `advance(by:)`, `apply(_:)` and the pointer.
public final class ViewSession<Task: TaskDefinition> {
    public let task: Task
    public let options: ViewOptions
    let live: LivePolicy?
    public private(set) var driver: ViewDriver
    /// The driver that `m` returns to.
    private let automaticDriver: ViewDriver
    public private(set) var environment: Task.Env
    /// Episode index within the seed's evaluation stream.
    public private(set) var episode: Int
    public private(set) var seeds = EpisodeSeeds(environment: 0, noise: 0)
    public private(set) var lastResult: StepResult?
    public private(set) var lastAction: [Double]?
    /// The episode ended (success or step limit); the next begins after a short hold.
    public private(set) var finished = false
    public private(set) var paused = false
    public private(set) var showsHelp = false
    /// A short note about the last key (shown on the heads-up line).
    public private(set) var message = ""
    /// The mouse in world units (y down), and whether its left button is held.
    public var pointer: Vec2?
    public var pointerHeld = false
    /// Episodes written to `record=` so far.
    public private(set) var recordedEpisodes = 0

    /// Wall-clock seconds of every replan so far.
    public var replanLatencies: [Double] { live?.latencies ?? [] }

    private var plan: [[Double]] = []
    /// Actions of the current plan already executed.
    private(set) var planCursor = 0
    /// The expert's chunk of the last step it drove.
    private(set) var expertChunk: [[Double]] = []
    private(set) var recorder: TeleopRecorder?
    /// Simulated seconds due but not yet stepped; seconds held on a finished episode.
    private var clock = 0.0
    private var hold = 0.0

    /// Simulated seconds an ended episode stays on screen before the next one starts.
    static var endHold: Double { 1 }
    /// Control steps one `advance` may take; a slower machine drops time rather than
    /// falling further behind.
    static var maxStepsPerAdvance: Int { 32 }

    public init(task: Task, source: ViewSource, options: ViewOptions) throws {
        self.task = task
        self.options = options
        if let policy = source.policy {
            guard policy.observationSize == task.observationSize, policy.actionSize == task.actionSize else {
                throw UserFacingError("\(source.name): the policy's sizes (\(policy.observationSize) -> \(policy.actionSize)) differ from the scene's (\(task.observationSize) -> \(task.actionSize))")
            }
            live = try LivePolicy(policy: policy, sampler: source.sampler, source: source.chunkSource,
                                  samples: options.samples, seed: options.seed)
            automaticDriver = .policy
        } else {
            live = nil
            automaticDriver = .expert
        }
        if !options.record.isEmpty {
            recorder = TeleopRecorder(path: options.record, task: task, seed: options.seed)
        }
        driver = options.record.isEmpty && options.driver != .mouse ? automaticDriver : .mouse
        environment = try task.makeEnvironment()
        episode = options.episode
        try begin()
    }

    // MARK: - Episodes

    /// Restarts the current episode from its reset.
    public func reset() throws {
        try endRecording(success: false)
        try begin()
    }

    /// Moves on to the next episode of the seed's stream.
    public func nextEpisode() throws {
        try endRecording(success: false)
        episode += 1
        try begin()
    }

    private func begin() throws {
        var evaluation = EvaluationOptions()
        evaluation.seed = options.seed
        seeds = evaluation.episodeSeeds(episode)
        var generator = RandomSource(seed: seeds.environment)
        environment = try task.makeEnvironment()
        let observation = try environment.reset(using: &generator)
        live?.reset(observation: observation, seeds: seeds)
        plan = []
        planCursor = 0
        expertChunk = []
        lastResult = nil
        lastAction = nil
        finished = false
        clock = 0
        hold = 0
    }

    // MARK: - Time

    /// Whether a control step can be taken now (the mouse drives only while held).
    public var canStep: Bool {
        !finished && (driver != .mouse || (pointerHeld && pointer != nil))
    }

    /// Lets `seconds` of wall-clock time pass at the chosen speed: takes the control steps
    /// that fall due, and after an ended episode's hold starts the next one.
    public func advance(by seconds: Double) throws {
        guard !paused else { return }
        let simulated = seconds * options.speed
        if finished {
            hold += simulated
            if hold >= Self.endHold { try nextEpisode() }
            return
        }
        clock += simulated
        var steps = 0
        while clock >= task.controlPeriod, canStep, steps < Self.maxStepsPerAdvance {
            try step()
            clock -= task.controlPeriod
            steps += 1
        }
        // Time that could not be stepped (waiting for the mouse, or behind) is dropped.
        if !canStep || steps == Self.maxStepsPerAdvance { clock = min(clock, task.controlPeriod) }
    }

    /// One control step by the current driver (nothing while the episode is over or the
    /// mouse is up).
    public func step() throws {
        guard canStep else { return }
        let action: [Double]
        switch driver {
        case .policy:
            guard let live else { return }
            if planCursor >= plan.count {
                plan = try live.plan()
                planCursor = 0
            }
            action = plan[planCursor]
            planCursor += 1
        case .expert:
            expertChunk = try task.teach(environment)
            action = expertChunk[0]
        case .mouse:
            guard let pointer, let target = task.action(toward: pointer, in: environment) else { return }
            action = target
        }
        let observation = environment.observation()
        let result = try environment.step(action)
        live?.observe(result.observation)
        if driver == .mouse { recorder?.append(observation: observation, action: action) }
        lastAction = action
        lastResult = result
        if result.terminated || result.truncated {
            finished = true
            try endRecording(success: result.info.isSuccess)
        }
    }

    private func endRecording(success: Bool) throws {
        guard var recorder else { return }
        if try recorder.finish(success: success) {
            recordedEpisodes += 1
            message = "recorded episode \(recordedEpisodes) to \(recorder.path)"
        }
        self.recorder = recorder
    }

    // MARK: - Keys

    /// Applies a key; returns false for `quit`.
    @discardableResult
    public func apply(_ control: ViewControl) throws -> Bool {
        message = ""
        switch control {
        case .pause: paused.toggle()
        case .singleStep:
            if !paused { paused = true } else { try step() }
        case .reset: try reset()
        case .nextSeed: try nextEpisode()
        case .switchSampler:
            guard let live else { message = "no policy: samplers apply to runs"; break }
            try live.nextSampler()
            plan = []
            planCursor = 0
            message = "sampler \(live.sampler)" + (live.samplers.count == 1 ? " (the only one this policy takes)" : "")
        case .weightDown, .weightUp:
            message = compositionWeight(up: control == .weightUp)
        case .toggleSteering:
            guard let live, case .steered = live.source else { message = "no steering: d applies to DSRL and residual runs"; break }
            live.steeringOn.toggle()
            plan = []
            planCursor = 0
            message = live.steeringOn ? "steering on" : "steering off (base policy)"
        case .toggleMouse:
            if driver == .mouse {
                if var recorder, recorder.pendingSteps > 0 {
                    recorder.discard()
                    self.recorder = recorder
                    message = "teleoperated steps of this episode dropped (not recorded)"
                }
                driver = automaticDriver
            } else {
                driver = .mouse
                message = "mouse: hold the left button to drag"
            }
            plan = []
            planCursor = 0
        case .help: showsHelp.toggle()
        case .quit:
            try endRecording(success: false)
            return false
        }
        return true
    }

    /// The composition weight's keys: what they did (nothing without composition).
    private func compositionWeight(up: Bool) -> String {
        guard let live else { return "no composition: [ and ] apply to composed policies" }
        switch live.source {
        case .policy, .steered: return "no composition: [ and ] apply to composed policies"
        case .composed:
            do {
                try live.moveFirstWeight(by: up ? LivePolicy.weightStep : -LivePolicy.weightStep)
            } catch {
                return "\(error)"
            }
            plan = []
            planCursor = 0
            return "weights " + (live.weights ?? []).map { String(format: "%.2f", $0) }.joined(separator: "/")
        }
    }
}
