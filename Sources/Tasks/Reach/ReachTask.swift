/// Reach and Reach-obstacle as a registry task: the arm environment of a scene with the
/// IK expert (both elbow modes; the teacher keeps the mode the arm is in).
public struct ReachTask: TaskDefinition {
    public let scene: ReachScene
    private let expert = ReachExpert()
    private let template: ReachEnvironment

    public init(scene: ReachScene) throws {
        self.scene = scene
        template = try ReachEnvironment(scene: scene)
    }

    public var sceneName: String { scene.name }
    public var observationSize: Int { template.observationSize }
    public var actionSize: Int { template.actionSize }
    public var expertName: String { "reach-ik-joint-ramp" }
    public var expertHorizon: Int { expert.horizon }

    public func makeEnvironment() -> ReachEnvironment { template }

    public func drawList(_ environment: ReachEnvironment, action: [Double]?) -> DrawList {
        environment.drawList(action: action)
    }

    public func mode(of observations: [[Double]]) -> String? {
        ReachModes.classify(observations, hasObstacle: scene.obstacle != nil)
    }

    public func demonstrate(using generator: inout some RandomNumberGenerator,
                            frame: ((DrawList) -> Void)?) throws -> ExpertEpisode {
        var env = template
        _ = try env.reset(using: &generator)
        let mode = ReachExpert.Mode.random(using: &generator)
        return try expert.rollout(&env, mode: mode) { env, action in frame?(env.drawList(action: action)) }
    }

    public func teach(_ environment: ReachEnvironment) -> [[Double]] {
        expert.chunk(for: environment, mode: expert.teacherMode(for: environment))
    }
}

extension ReachScene: TaskScene {
    public static var family: String { "reach" }
    public static var defaults: ReachScene { ReachScene() }

    /// `reach` and `reach-obstacle` (a disc placed so that the direct swing hits it).
    public static var builtIns: [String: ReachScene] {
        var obstacle = ReachScene()
        obstacle.name = "reach-obstacle"
        obstacle.obstacle = ReachScene.Obstacle(center: .init(366, 256), radius: 30)
        return ["reach": ReachScene(), "reach-obstacle": obstacle]
    }

    public func makeTask(options: TaskOptions) throws -> any TaskDefinition {
        try ReachTask(scene: self)
    }
}
