import Physics2D

/// Push-T as a registry task: the environment of a scene with the Markovian
/// push-primitive expert. Demonstrations re-plan at every step from the exact state (the
/// recorded chunk is the expert's answer there); the teacher labels any state the same way.
public struct PushTTask: TaskDefinition {
    public let scene: PushTScene
    public let options: TaskOptions
    private let expert: PushTExpert
    private let template: PushTEnvironment

    public init(scene: PushTScene, options: TaskOptions = .init()) throws {
        self.scene = scene
        self.options = options
        expert = try PushTExpert(scene: scene, options: options.expert)
        template = try PushTEnvironment(scene: scene, observation: options.observation)
    }

    public var sceneName: String { scene.name }
    public var observationSize: Int { template.observationSize }
    public var actionSize: Int { template.actionSize }
    public var expertName: String { "pusht-push-primitives(temperature \(options.expert.temperature))" }
    public var expertHorizon: Int { options.expert.horizon }

    public func makeEnvironment() -> PushTEnvironment { template }

    public func coverage(_ environment: PushTEnvironment) -> Double? { environment.currentCoverage }

    public func drawList(_ environment: PushTEnvironment, action: [Double]?) -> DrawList {
        environment.drawList(action: action.map { Vec2($0[0], $0[1]) })
    }

    public func drawList(_ environment: PushTEnvironment, action: [Double]?, contacts: [Vec2]) -> DrawList {
        environment.drawList(action: action.map { Vec2($0[0], $0[1]) }, contacts: contacts)
    }

    public var controlPeriod: Double { scene.physics.dt * Double(scene.physics.substeps) }

    /// The action is the pusher's target point itself.
    public func point(of action: [Double], in environment: PushTEnvironment) -> Vec2? { Vec2(action[0], action[1]) }

    public func action(toward point: Vec2, in environment: PushTEnvironment) -> [Double]? { [point.x, point.y] }

    public func demonstrate(using generator: inout some RandomNumberGenerator,
                            frame: ((DrawList) -> Void)?) throws -> ExpertEpisode {
        var env = template
        _ = try env.reset(using: &generator)
        let preference = expert.preference(using: &generator)
        var episode = ExpertEpisode()
        while env.stepIndex < env.maxSteps {
            let chunk = expert.act(env.simulator, preference: preference)
            episode.observations.append(env.observation())
            episode.chunks.append(chunk.map { [$0.x, $0.y] })
            frame?(env.drawList(action: chunk[0]))
            if try env.step(target: chunk[0]).terminated {
                episode.success = true
                break
            }
        }
        return episode
    }

    public func teach(_ environment: PushTEnvironment) -> [[Double]] {
        expert.act(environment.simulator).map { [$0.x, $0.y] }
    }
}

extension PushTScene: TaskScene {
    public static var family: String { "pusht" }
    public static var defaults: PushTScene { PushTScene() }
    public static var builtIns: [String: PushTScene] { ["pusht": PushTScene()] }

    public func makeTask(options: TaskOptions) throws -> any TaskDefinition {
        try PushTTask(scene: self, options: options)
    }
}
