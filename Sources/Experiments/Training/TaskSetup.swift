import NeuralNet
import Policies
import Tasks

/// Everything the pipelines need about one task family: evaluation hooks, the expert as
/// demonstrator (whole episodes) and as teacher (a chunk for any state).
public struct TaskSetup<Env: Environment>: Sendable {
    public var hooks: TaskHooks<Env>
    public var observationSize: Int
    public var actionSize: Int
    /// Rows in the expert's chunks.
    public var expertHorizon: Int
    public var expertName: String
    /// Runs expert episode `index` from the generator; `frame` receives a draw list per step.
    public var demonstrate: @Sendable (Int, inout RandomSource, ((DrawList) -> Void)?) throws -> ExpertEpisode
    /// The expert's chunk from the environment's current state.
    public var teach: @Sendable (Env) throws -> [[Double]]
}

extension TaskSetup where Env == ReachEnvironment {
    public static func reach(_ scene: ReachScene) throws -> TaskSetup {
        let expert = ReachExpert()
        let template = try ReachEnvironment(scene: scene)
        return TaskSetup(
            hooks: .reach(scene), observationSize: template.observationSize, actionSize: template.actionSize,
            expertHorizon: expert.horizon, expertName: "reach-ik-joint-ramp",
            demonstrate: { _, generator, frame in
                var env = template
                _ = try env.reset(using: &generator)
                let mode = ReachExpert.Mode.random(using: &generator)
                return try expert.rollout(&env, mode: mode) { env, action in frame?(env.drawList(action: action)) }
            },
            teach: { env in expert.chunk(for: env, mode: expert.teacherMode(for: env)) })
    }
}

extension TaskSetup where Env == PushTEnvironment {
    /// Push-T with the Markovian push-primitive expert: demonstrations re-plan at every
    /// step from the exact state (the recorded chunk is the expert's answer there), and the
    /// teacher labels any state the same way.
    public static func pushT(_ scene: PushTScene, observation: PushTEnvironment.ObservationKind,
                             expert options: PushTExpert.Options = .init()) throws -> TaskSetup {
        let expert = try PushTExpert(scene: scene, options: options)
        let template = try PushTEnvironment(scene: scene, observation: observation)
        let hooks = TaskHooks<PushTEnvironment>.pushT(scene, observation: observation)
        return TaskSetup(
            hooks: hooks, observationSize: template.observationSize, actionSize: template.actionSize,
            expertHorizon: options.horizon, expertName: "pusht-push-primitives(temperature \(options.temperature))",
            demonstrate: { _, generator, frame in
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
            },
            teach: { env in expert.act(env.simulator).map { [$0.x, $0.y] } })
    }
}
