import Physics2D

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

    public var controlPeriod: Double { scene.dt * Double(scene.substeps) }

    public func distanceToGoal(_ environment: ReachEnvironment) -> Double? { environment.distanceToTarget }

    /// The tip of the commanded joint configuration.
    public func point(of action: [Double], in environment: ReachEnvironment) -> Vec2? {
        environment.forwardKinematics(action).tip
    }

    /// The configuration that puts the tip on `point`, keeping the arm's current elbow
    /// side; a point out of reach is pulled onto the reachable annulus first.
    public func action(toward point: Vec2, in environment: ReachEnvironment) -> [Double]? {
        let l1 = scene.links[0].length, l2 = scene.links[1].length
        let offset = point - scene.base
        let distance = offset.length
        let reachable = min(max(distance, abs(l1 - l2) + 1e-6), l1 + l2 - 1e-6)
        let direction = distance > 0 ? offset / distance : Vec2(1, 0)
        let elbowSign: Double = environment.jointAngles[1] >= 0 ? 1 : -1
        return environment.inverseKinematics(scene.base + direction * reachable, elbowSign: elbowSign)
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
