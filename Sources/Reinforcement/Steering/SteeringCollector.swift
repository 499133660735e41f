import NeuralNet
import Policies
import Tasks

/// The latent-noise (or residual) MDP on the rollout engine: at each replan the agent
/// acts for every running slot, transitions are stored when a chunk completes or its
/// episode ends, and the owed gradient steps run before the next actions are chosen.
///
/// One transition: the normalised observation history at the replan, the agent's
/// action, the sum of the environment rewards over the executed steps of the chunk, the
/// history after them, and the discount: 0 when the episode terminated (success),
/// `gamma` otherwise (a time-limit truncation bootstraps). With `agent.shaping` the stored
/// reward also gains `discount * phi(end) - phi(start)`; an episode's first chunk starts
/// from potential 0, a constant per initial state that leaves every choice unchanged.
public struct SteeringCollector<Env: Environment>: RolloutObserver {
    public let agent: SteeringAgent
    /// Per finished episode: its index, success and undiscounted return.
    public private(set) var finished: [(episode: Int, success: Bool, return: Double)] = []

    private let observations: Matrix
    private let nextObservations: Matrix
    private let actions: Matrix
    /// The chunks' initial noise from `actions` (noise steering only).
    private let noise: Matrix?
    private var pending: [Bool]
    private var rewardSums: [Double]
    /// The shaping potential at the start of each slot's chunk, and after its latest step.
    private var startPotentials: [Double]
    private var potentials: [Double]
    private var returns: [Double]
    private weak var controller: ChunkController?

    public init(agent: SteeringAgent, batchSize: Int) {
        self.agent = agent
        observations = Matrix(rows: batchSize, columns: agent.observationSize)
        nextObservations = Matrix(rows: batchSize, columns: agent.observationSize)
        actions = Matrix(rows: batchSize, columns: agent.actionSize)
        noise = agent.kind == .noise ? Matrix(rows: batchSize, columns: agent.base.chunkSize) : nil
        pending = Array(repeating: false, count: batchSize)
        rewardSums = Array(repeating: 0, count: batchSize)
        startPotentials = Array(repeating: 0, count: batchSize)
        potentials = Array(repeating: 0, count: batchSize)
        returns = Array(repeating: 0, count: batchSize)
    }

    public mutating func begin(episode: Int, slot: Int, seeds: EpisodeSeeds, environment: Env, observation: [Double]) {
        returns[slot] = 0
        potentials[slot] = 0
    }

    public mutating func initialNoise(planning: [Bool], controller: ChunkController) throws -> Matrix? {
        self.controller = controller
        // Slots still running after a full chunk close its transition; then learn.
        agent.observe(controller, planning: planning, into: nextObservations)
        for slot in planning.indices where planning[slot] && pending[slot] {
            store(slot, terminal: false)
        }
        try agent.update()
        agent.observe(controller, planning: planning, into: observations)
        agent.act(observations, explore: true, into: actions)
        for slot in planning.indices where planning[slot] {
            pending[slot] = true
            rewardSums[slot] = 0
            startPotentials[slot] = potentials[slot]
        }
        guard let noise else { return nil }
        agent.noise(of: actions, planning: planning, into: noise)
        return noise
    }

    public func planned(planning: [Bool], plans: inout [[[Double]]], controller: ChunkController) {
        guard agent.kind == .residual else { return }
        let d = agent.base.actionSize
        for slot in planning.indices where planning[slot] {
            let row = actions.row(slot)
            for j in plans[slot].indices {
                for k in 0..<d { plans[slot][j][k] += Double(row[j * d + k]) * agent.residualScale(j, k) }
            }
        }
    }

    public mutating func stepped(slot: Int, environment: Env, action: [Double], result: StepResult) {
        let reward = agent.reward(result)
        rewardSums[slot] += reward
        returns[slot] += reward
        potentials[slot] = agent.potential(result)
        agent.environmentSteps += 1
    }

    public mutating func end(episode: Int, slot: Int, environment: Env, result: StepResult) {
        if let controller {
            agent.observe(controller, planning: planning(only: slot), into: nextObservations)
            store(slot, terminal: result.terminated)
        }
        finished.append((episode, result.info.isSuccess, returns[slot]))
    }

    private func planning(only slot: Int) -> [Bool] {
        var flags = Array(repeating: false, count: pending.count)
        flags[slot] = true
        return flags
    }

    private mutating func store(_ slot: Int, terminal: Bool) {
        let discount = agent.sac.options.transitionDiscount(terminal: terminal)
        let shaped = rewardSums[slot] + Double(discount) * potentials[slot] - startPotentials[slot]
        agent.store(observation: observations.row(slot), action: actions.row(slot), reward: Float(shaped),
                    nextObservation: nextObservations.row(slot), discount: discount)
        pending[slot] = false
    }
}
