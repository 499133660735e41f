import Foundation
import NeuralNet
import Physics2D
import Policies

/// A policy replanning one episode live through the receding-horizon `ChunkController`,
/// with several chunks sampled at each replan (one batched call) to show its spread.
///
/// Sample 0 is the executed chunk (without steering) and draws its noise from the
/// episode's stream exactly as evaluation does; samples 1, 2, ... draw from
/// `SeedDomain.viewerSample`. A steered run keeps a second controller of one slot for the
/// steered chunk, so the base policy's samples stay beside it.
final class LivePolicy {
    /// The policy run (a composed one is rebuilt when its weights change).
    private(set) var policy: Policy
    let source: ChunkSource
    /// Samplers `s` cycles through: the run's first, then every other method that this
    /// policy's family accepts (a new `Sampler.Method` appears here by itself).
    let samplers: [Sampler]
    private(set) var samplerIndex = 0
    let samples: Int
    private let seed: UInt64
    private var controller: ChunkController
    private var steered: ChunkController?
    /// Execute the steered chunk (true) or the base policy's (`d` toggles).
    var steeringOn = true
    /// Observations since the episode began, newest last (at most the history length),
    /// to rebuild the controllers' histories when the sampler changes.
    private var recent: [[Double]] = []
    private var episodeSeeds = EpisodeSeeds(environment: 0, noise: 0)

    /// Wall-clock seconds of the last replan (every sample and the steered chunk).
    private(set) var lastLatency: Double?
    /// Every replan's wall-clock seconds, for the timing summary.
    private(set) var latencies: [Double] = []
    /// The chunks of the last replan, for drawing: `[sample][row][action]` (task units).
    private(set) var sampledChunks: [[[Double]]] = []
    /// The steered chunk of the last replan (whole, before any residual).
    private(set) var steeredChunk: [[Double]]?
    /// The actions handed out by the last replan (after any residual correction).
    private(set) var executed: [[Double]] = []

    init(policy: Policy, sampler: Sampler, source: ChunkSource, samples: Int, seed: UInt64) throws {
        self.policy = policy
        self.source = source
        self.samples = samples
        self.seed = seed
        var choices = [sampler]
        for method in Sampler.Method.allCases where method != sampler.method {
            let candidate = method == .ddpm ? Sampler.ddpm : Sampler(method, steps: sampler.steps)
            // Steering needs w -> chunk to be a function, and every chunk sampled from its noise.
            if case .steered = source, method == .ddpm || method == .rti { continue }
            if (try? policy.makeSampler(candidate, batchSize: 1)) != nil { choices.append(candidate) }
        }
        samplers = choices
        controller = try ChunkController(policy: policy, sampler: sampler, batchSize: samples, seed: seed)
        if case .steered = source {
            steered = try ChunkController(policy: policy, sampler: sampler, batchSize: 1, seed: seed)
        }
    }

    var sampler: Sampler { samplers[samplerIndex] }
    var functionEvaluations: Int { controller.sampler.functionEvaluations }
    var actionHorizon: Int { policy.configuration.actionHorizon }
    /// Whether the executed chunk is the steered one.
    var executesSteered: Bool { steered != nil && steeringOn }

    /// Starts an episode from its first observation.
    func reset(observation: [Double], seeds: EpisodeSeeds) {
        episodeSeeds = seeds
        recent = [observation]
        resetControllers()
    }

    /// Appends the newest observation to every history.
    func observe(_ observation: [Double]) {
        recent.append(observation)
        if recent.count > policy.configuration.observationHorizon { recent.removeFirst() }
        for slot in 0..<samples { controller.observe(slot: slot, observation: observation) }
        steered?.observe(slot: 0, observation: observation)
    }

    /// Replans: samples every chunk and returns the `Ta` actions to execute.
    ///
    /// On one BLAS thread: a batch of a few rows gains little from a second one, and the
    /// window's OpenGL (a software one rasterizes on every core) competes with it; on a
    /// busy 2-core machine one thread replanned Push-T's 8 samples in 10 ms, two in 36-53 ms.
    func plan() throws -> [[Double]] {
        try BLAS.withThreadCount(1) { try planOnThisThread() }
    }

    private func planOnThisThread() throws -> [[Double]] {
        let start = DispatchTime.now().uptimeNanoseconds
        let plans = controller.plan(active: [Bool](repeating: true, count: samples))
        let d = policy.actionSize, rows = policy.configuration.predictionHorizon
        sampledChunks = (0..<samples).map { chunk(controller.lastChunks, slot: $0, rows: rows, size: d) }
        executed = plans[0]
        steeredChunk = nil
        if let steered, case .steered(let steering) = source {
            let noise = try steering.noise?(steered, [true])
            var steeredPlans = steered.plan(active: [true], noise: noise)
            try steering.residual?(steered, [true], &steeredPlans)
            steeredChunk = chunk(steered.lastChunks, slot: 0, rows: rows, size: d)
            if steeringOn { executed = steeredPlans[0] }
        }
        let latency = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        lastLatency = latency
        latencies.append(latency)
        return executed
    }

    /// How far `[` and `]` move parent 1's weight.
    static let weightStep = 0.1

    /// A composed policy's weights (nil otherwise).
    var weights: [Double]? { policy.composition?.weights }

    /// Moves parent 1's weight of a composed policy by `step` (clamped to [0, 1]); the
    /// others keep their proportions. Histories are kept, the noise streams restart.
    func moveFirstWeight(by step: Double) throws {
        guard case .composed(let parents) = source, let weights else { return }
        let first = min(max(weights[0] + step, 0), 1)
        let rest = weights.dropFirst().reduce(0, +)
        let others = weights.dropFirst().map { rest > 0 ? $0 / rest * (1 - first) : (1 - first) / Double(weights.count - 1) }
        policy = Policy(composing: try Composition(parents: parents, weights: [first] + others))
        controller = try ChunkController(policy: policy, sampler: sampler, batchSize: samples, seed: seed)
        resetControllers()
    }

    /// Moves to the next sampler; the histories are kept, the noise streams restart.
    func nextSampler() throws {
        samplerIndex = (samplerIndex + 1) % samplers.count
        controller = try ChunkController(policy: policy, sampler: sampler, batchSize: samples, seed: seed)
        if steered != nil {
            steered = try ChunkController(policy: policy, sampler: sampler, batchSize: 1, seed: seed)
        }
        resetControllers()
    }

    /// The traces to draw: the other samples, the base chunk beside a steered one, the
    /// chosen chunk and its executed part, as world points by `point`.
    func traces(point: ([Double]) -> Vec2?, executedSoFar: Int) -> [ChunkTrace] {
        var traces: [ChunkTrace] = []
        func trace(_ rows: [[Double]], _ role: ChunkRole) {
            let points = rows.compactMap(point)
            if !points.isEmpty { traces.append(ChunkTrace(role: role, points: points)) }
        }
        guard !sampledChunks.isEmpty else { return [] }
        for (index, chunk) in sampledChunks.enumerated() {
            if index == 0 { if steered != nil, steeringOn { trace(chunk, .base) } } else { trace(chunk, .sample) }
        }
        if let steeredChunk, !steeringOn { trace(steeredChunk, .steered) }
        trace(executesSteered ? steeredChunk ?? [] : sampledChunks[0], .chosen)
        // What is left of this replan's actions, from the one being executed.
        trace(Array(executed.dropFirst(max(0, executedSoFar - 1))), .executed)
        return traces
    }

    private func chunk(_ values: [Float], slot: Int, rows: Int, size: Int) -> [[Double]] {
        let base = slot * rows * size
        return (0..<rows).map { row in (0..<size).map { Double(values[base + row * size + $0]) } }
    }

    private func resetControllers() {
        guard let first = recent.first else { return }
        for slot in 0..<samples {
            let noise = slot == 0 ? episodeSeeds.noise : SeedDomain.viewerSample.seed(episodeSeeds.noise, index: slot)
            controller.reset(slot: slot, observation: first, noiseSeed: noise)
            for observation in recent.dropFirst() { controller.observe(slot: slot, observation: observation) }
        }
        steered?.reset(slot: 0, observation: first, noiseSeed: episodeSeeds.noise)
        for observation in recent.dropFirst() { steered?.observe(slot: 0, observation: observation) }
    }
}
