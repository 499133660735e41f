import NeuralNet
import Testing
import Tasks
@testable import Policies
@testable import Reinforcement

/// The latent-noise MDP on the rollout engine: one transition per executed chunk, the
/// chunk's rewards summed, discount per chunk, no bootstrap after success.
@Suite struct SteeringCollectorTests {
    /// A tiny diffusion policy for Reach (Ta = 2, H = 4).
    static func base(task: ReachTask) throws -> Policy {
        var c = PolicyConfiguration()
        c.width = 16
        c.blocks = 1
        c.timeEmbedding = 8
        c.timeHidden = 16
        c.predictionHorizon = 4
        c.actionHorizon = 2
        var g = RandomSource(seed: 1)
        let o = task.observationSize, a = task.actionSize
        return try Policy(configuration: c, observationSize: o, actionSize: a,
                          observationNormalizer: Normalizer(minimum: .init(repeating: -4, count: o), maximum: .init(repeating: 4, count: o)),
                          actionNormalizer: Normalizer(minimum: .init(repeating: -3, count: a), maximum: .init(repeating: 3, count: a)),
                          random: &g)
    }

    static func agent(_ kind: SteeringAgent.Kind, base: Policy, warmup: Int = 0,
                      reward: SteeringAgent.Reward = .task, shaping: Double = 0) throws -> SteeringAgent {
        var options = SAC.Options()
        options.batchSize = 8
        options.width = 8
        options.hiddenLayers = 1
        return try SteeringAgent(kind: kind, base: base, options: options, capacity: 1000, warmupSteps: warmup,
                                 updatesPerTransition: 0, reward: reward, shaping: shaping, seed: 9)
    }

    /// Forwards to the collector and records each step's reward per slot.
    struct Recorder: RolloutObserver {
        var collector: SteeringCollector<ReachEnvironment>
        var chunkRewards: [[Double]]
        /// The task reward of each chunk's last step.
        var chunkLast: [[Double]]
        var current: [Double]
        var last: [Double]
        var open: [Bool]

        init(_ collector: SteeringCollector<ReachEnvironment>, batch: Int) {
            self.collector = collector
            chunkRewards = Array(repeating: [], count: batch)
            chunkLast = Array(repeating: [], count: batch)
            current = Array(repeating: 0, count: batch)
            last = Array(repeating: 0, count: batch)
            open = Array(repeating: false, count: batch)
        }
        mutating func initialNoise(planning: [Bool], controller: ChunkController) throws -> Matrix? {
            for slot in planning.indices where planning[slot] {
                if open[slot] {
                    chunkRewards[slot].append(current[slot])
                    chunkLast[slot].append(last[slot])
                }
                current[slot] = 0
                open[slot] = true
            }
            return try collector.initialNoise(planning: planning, controller: controller)
        }
        func planned(planning: [Bool], plans: inout [[[Double]]], controller: ChunkController) throws {
            try collector.planned(planning: planning, plans: &plans, controller: controller)
        }
        mutating func stepped(slot: Int, environment: ReachEnvironment, action: [Double], result: StepResult) {
            current[slot] += result.reward
            last[slot] = result.reward
            collector.stepped(slot: slot, environment: environment, action: action, result: result)
        }
        mutating func end(episode: Int, slot: Int, environment: ReachEnvironment, result: StepResult) {
            chunkRewards[slot].append(current[slot])
            chunkLast[slot].append(last[slot])
            current[slot] = 0
            open[slot] = false
            collector.end(episode: episode, slot: slot, environment: environment, result: result)
        }
    }

    @Test func oneTransitionPerChunkWithTheChunksRewardsSummed() throws {
        var scene = ReachScene()
        scene.maxSteps = 5  // chunks of 2, 2 and 1 steps; truncated, never successful
        let task = try ReachTask(scene: scene)
        let base = try Self.base(task: task)
        let agent = try Self.agent(.noise, base: base)
        let rollout = try Rollout(task: task, policy: base, sampler: .ddim(3), batchSize: 1, seed: 1, threads: 1)
        var recorder = Recorder(SteeringCollector(agent: agent, batchSize: 1), batch: 1)
        try rollout.run(episodes: 1, seeds: { _ in EpisodeSeeds(environment: 4, noise: 5) }, observer: &recorder)
        #expect(agent.buffer.count == 3)
        #expect(agent.environmentSteps == 5)
        let gamma = Float(agent.sac.options.discount)
        for k in 0..<3 {
            let t = agent.buffer.transition(at: k)
            #expect(abs(t.reward - Float(recorder.chunkRewards[0][k])) < 1e-5, "chunk \(k)")
            #expect(t.discount == gamma, "a truncation bootstraps")
            if k > 0 { #expect(agent.buffer.transition(at: k - 1).nextObservation == t.observation) }
            #expect(t.action.allSatisfy { abs($0) <= Float(agent.sac.options.actionBound) })
        }
    }

    /// Shaping adds `gamma * phi(end) - phi(start)` per chunk with `phi = k * task reward`,
    /// from potential 0 at the episode's start; the penalty stays as it was.
    @Test func shapingAddsTheChangeOfPotentialPerChunk() throws {
        var scene = ReachScene()
        scene.maxSteps = 5
        let task = try ReachTask(scene: scene)
        let base = try Self.base(task: task)
        let k = 3.0
        let agent = try Self.agent(.noise, base: base, reward: .penalty, shaping: k)
        let rollout = try Rollout(task: task, policy: base, sampler: .ddim(3), batchSize: 1, seed: 1, threads: 1)
        var recorder = Recorder(SteeringCollector(agent: agent, batchSize: 1), batch: 1)
        try rollout.run(episodes: 1, seeds: { _ in EpisodeSeeds(environment: 4, noise: 5) }, observer: &recorder)
        #expect(agent.buffer.count == 3)
        let gamma = agent.sac.options.discount, steps = [2.0, 2, 1], last = recorder.chunkLast[0]
        for c in 0..<3 {
            let start = c == 0 ? 0 : k * last[c - 1]
            let expected = -steps[c] + gamma * k * last[c] - start
            #expect(abs(Double(agent.buffer.transition(at: c).reward) - expected) < 1e-5, "chunk \(c)")
        }
        #expect(last.allSatisfy { $0 != 0 }, "Reach pays minus the distance on every step")
        #expect(recorder.collector.finished[0].return == -5, "the logged return stays the penalty's")
    }

    @Test("each reward on a step that neither succeeds nor ends, and on a time-limit truncation")
    func rewardsOfOrdinarySteps() {
        let step = StepResult(observation: [], reward: -0.3, terminated: false, truncated: false,
                              info: StepInfo(coverage: nil, isSuccess: false))
        let timeLimit = StepResult(observation: [], reward: -0.3, terminated: false, truncated: true,
                                   info: StepInfo(coverage: nil, isSuccess: false))
        for result in [step, timeLimit] {
            #expect(SteeringAgent.Reward.task(result) == -0.3)
            #expect(SteeringAgent.Reward.success(result) == 0)
            #expect(SteeringAgent.Reward.penalty(result) == -1)
        }
    }

    /// The task's reward (1.25 here), the sparse success reward (1), or the penalty (0 on success).
    @Test(arguments: [(SteeringAgent.Reward.task, Float(1.25)), (.success, 1), (.penalty, 0)])
    func successEndsTheEpisodeWithoutBootstrap(reward: SteeringAgent.Reward, paid: Float) throws {
        let task = try ReachTask(scene: ReachScene())
        let base = try Self.base(task: task)
        let agent = try Self.agent(.noise, base: base, reward: reward)
        let controller = try ChunkController(policy: base, sampler: .ddim(3), batchSize: 1, seed: 1)
        var env = try task.makeEnvironment()
        var g = RandomSource(seed: 2)
        controller.reset(slot: 0, observation: try env.reset(using: &g), noiseSeed: 3)
        var collector = SteeringCollector<ReachEnvironment>(agent: agent, batchSize: 1)
        _ = try collector.initialNoise(planning: [true], controller: controller)
        let observation = env.observation()
        controller.observe(slot: 0, observation: observation)
        let success = StepResult(observation: observation, reward: 1.25, terminated: true, truncated: false,
                                 info: StepInfo(coverage: nil, isSuccess: true))
        collector.stepped(slot: 0, environment: env, action: [0, 0], result: success)
        collector.end(episode: 0, slot: 0, environment: env, result: success)
        #expect(agent.buffer.count == 1)
        #expect(agent.buffer.transition(at: 0).discount == 0)
        #expect(agent.buffer.transition(at: 0).reward == paid)
        #expect(collector.finished.count == 1 && collector.finished[0].success)
    }

    /// The noise the agent chooses is what the base policy samples from: the same noise
    /// gives the same chunk, bit for bit.
    @Test func sameNoiseSameChunk() throws {
        let task = try ReachTask(scene: ReachScene())
        let base = try Self.base(task: task)
        let agent = try Self.agent(.noise, base: base)
        let steering = agent.steering()
        var chunks: [[[Double]]] = []
        for _ in 0..<2 {
            let controller = try ChunkController(policy: base, sampler: .ddim(3), batchSize: 2, seed: 1)
            controller.reset(slot: 0, observation: [0.1, 0.2, 0, 0, 300, 200], noiseSeed: 1)
            controller.reset(slot: 1, observation: [-0.3, 1.2, 0, 0, 200, 300], noiseSeed: 2)
            let noise = try steering.noise!(controller, [true, true])
            chunks.append(controller.plan(active: [true, true], noise: noise)[0])
        }
        #expect(chunks[0] == chunks[1])
    }

    @Test func residualCorrectionIsBoundedInTaskUnits() throws {
        let task = try ReachTask(scene: ReachScene())
        let base = try Self.base(task: task)
        let agent = try Self.agent(.residual, base: base)
        let controller = try ChunkController(policy: base, sampler: .ddim(3), batchSize: 1, seed: 1)
        controller.reset(slot: 0, observation: [0.1, 0.2, 0, 0, 300, 200], noiseSeed: 1)
        let planned = controller.plan(active: [true])
        var corrected = planned
        // A new residual agent is the base policy: its mean correction is zero.
        try agent.steering().residual!(controller, [true], &corrected)
        #expect(corrected == planned)
        // A large mean correction saturates at the bound.
        agent.sac.actor.network.head.bias.value.pointer.update(repeating: 50, count: agent.actionSize)
        try agent.steering().residual!(controller, [true], &corrected)
        let bound = agent.sac.options.actionBound * 3  // half range of [-3, 3]
        for (a, b) in zip(planned[0].joined(), corrected[0].joined()) {
            #expect(abs(a - b) <= bound + 1e-9)
            #expect(abs(a - b) > bound * 0.99)
        }
    }
}
