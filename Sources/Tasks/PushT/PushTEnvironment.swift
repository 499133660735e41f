import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Push-T as an environment: the reference's reset, reward, success and observations.
///
/// - Observation (`.state`): `[agent x, agent y, block x, block y, angle mod 2 pi]`, where
///   (block x, block y) is the block's body origin. `.keypoints`: the corners of every
///   block part in world coordinates, then agent x, y (16 + 2 for the T).
/// - Action: the absolute target of the pusher, `[x, y]` in world units, never clipped.
/// - Reward: `clamp(coverage / threshold, 0, 1)`; success when `coverage > threshold`
///   (strict), which ends the episode; otherwise it ends after `maxSteps` steps.
/// - Seeds: resets use Pushforward's own seeded generator, so a seed gives a different
///   initial state here than in gym-pusht; `reset(to:)` reproduces any reference state.
public struct PushTEnvironment: Environment {
    public enum ObservationKind: String, Codable, Sendable, CaseIterable {
        case state, keypoints
    }

    public let scene: PushTScene
    public let observationKind: ObservationKind
    public private(set) var simulator: PushTSimulator
    public let coverage: Coverage
    public private(set) var stepIndex = 0
    /// Coverage of the current state.
    public private(set) var currentCoverage = 0.0

    public init(scene: PushTScene = PushTScene(), observation: ObservationKind = .state) throws(PhysicsError) {
        self.scene = scene
        self.observationKind = observation
        self.simulator = try PushTSimulator.reset(
            scene: scene, state: ResetState(agent: Vec2(256, 400), block: Vec2(256, 300), angle: 0))
        self.coverage = Coverage(parts: simulator.parts, goalOrigin: scene.goal.position, goalAngle: scene.goal.angle)
        self.currentCoverage = coverage(origin: simulator.blockOrigin, angle: simulator.blockAngle)
    }

    public var observationSize: Int {
        observationKind == .state ? 5 : 2 * simulator.parts.reduce(0) { $0 + $1.vertices.count } + 2
    }
    public var actionSize: Int { 2 }
    public var maxSteps: Int { scene.maxSteps }
    public var isSuccess: Bool { currentCoverage > scene.goal.successThreshold }

    /// Draws a reset state: integer agent and block positions in their ranges (upper
    /// bound exclusive), a uniform angle.
    public func randomState(using generator: inout some RandomNumberGenerator) -> ResetState {
        let r = scene.reset
        func integer(_ range: [Double]) -> Double {
            Double(Int.random(in: Int(range[0])..<Int(range[1]), using: &generator))
        }
        let ax = integer(r.agentRange), ay = integer(r.agentRange)
        let bx = integer(r.blockRange), by = integer(r.blockRange)
        let angle = Double.random(in: r.angleRange[0]..<r.angleRange[1], using: &generator)
        return ResetState(agent: Vec2(ax, ay), block: Vec2(bx, by), angle: angle)
    }

    public mutating func reset(using generator: inout some RandomNumberGenerator) throws -> [Double] {
        try reset(to: randomState(using: &generator))
    }

    /// The reference's reset to a state (see `PushTSimulator.reset`).
    @discardableResult
    public mutating func reset(to state: ResetState) throws(PhysicsError) -> [Double] {
        simulator = try PushTSimulator.reset(scene: scene, state: state)
        stepIndex = 0
        currentCoverage = coverage(origin: simulator.blockOrigin, angle: simulator.blockAngle)
        return observation()
    }

    /// Sets the state directly: velocities zero, no physics step.
    @discardableResult
    public mutating func place(agent: Vec2, block: Vec2, angle: Double) throws(PhysicsError) -> [Double] {
        simulator = try PushTSimulator(scene: scene)
        try simulator.place(agent: agent, block: block, angle: angle)
        stepIndex = 0
        currentCoverage = coverage(origin: simulator.blockOrigin, angle: simulator.blockAngle)
        return observation()
    }

    public mutating func step(_ action: [Double]) throws -> StepResult {
        try step(target: Vec2(action[0], action[1]))
    }

    /// Steps toward `target`, clamped to the world `[0, size]^2` (the action space):
    /// the pusher is kinematic and ignores the walls, so a target far outside would
    /// drive it through them at any speed and drag the block along; inside the world
    /// it can never push the block past a wall's inner face.
    public mutating func step(target: Vec2) throws(PhysicsError) -> StepResult {
        guard target.x.isFinite, target.y.isFinite else { throw .nonFinite(what: "action target") }
        let size = scene.size
        try simulator.step(target: Vec2(min(max(target.x, 0), size), min(max(target.y, 0), size)))
        stepIndex += 1
        currentCoverage = coverage(origin: simulator.blockOrigin, angle: simulator.blockAngle)
        let success = isSuccess
        let reward = min(max(currentCoverage / scene.goal.successThreshold, 0), 1)
        return StepResult(
            observation: observation(), reward: reward, terminated: success,
            truncated: !success && stepIndex >= scene.maxSteps,
            info: StepInfo(coverage: currentCoverage, isSuccess: success,
                           contactPoints: simulator.world.contacts.map { ($0.point.x, $0.point.y) }))
    }

    public func observation() -> [Double] {
        let agent = simulator.agentPosition
        switch observationKind {
        case .state:
            let origin = simulator.blockOrigin
            var angle = fmod(simulator.blockAngle, 2 * Double.pi)
            if angle < 0 { angle += 2 * Double.pi }
            return [agent.x, agent.y, origin.x, origin.y, angle]
        case .keypoints:
            let t = simulator.world.body(simulator.block).transform
            var result: [Double] = []
            result.reserveCapacity(observationSize)
            for part in simulator.parts {
                for v in part.vertices {
                    let w = t.apply(v)
                    result.append(w.x)
                    result.append(w.y)
                }
            }
            result.append(agent.x)
            result.append(agent.y)
            return result
        }
    }
}
