import Configuration
import Foundation
import Policies
import Runs
import Tasks

/// What `pushforward view` opens: a scene (a file or a built-in name), driven by its
/// expert or the mouse, or a run folder (training or steering run) whose policy drives.
public struct ViewSource {
    /// The scene or run as the user named it (the window's title).
    public let name: String
    /// The task on screen.
    public let task: any TaskDefinition
    let policy: Policy?
    let sampler: Sampler
    let chunkSource: ChunkSource

    /// Opens `target`: a folder is a run (its latest checkpoint) or one of its checkpoint
    /// folders; anything else is a scene file or a built-in scene name.
    public static func open(_ target: String, options: ViewOptions) throws -> ViewSource {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue else {
            if TaskRegistry.builtInScene(named: target) == nil, !FileManager.default.fileExists(atPath: target) {
                let names = TaskRegistry.families.flatMap { $0.builtInNames }.sorted()
                throw UserFacingError("\(target): no such scene file or run folder (built-in scenes: \(names.joined(separator: ", ")); scene files are in Scenes/)")
            }
            guard options.driver != .policy else {
                throw UserFacingError("driver=policy needs a run folder; a scene is driven by expert or mouse")
            }
            let task = try SceneLoader.load(from: target).makeTask(options: TaskOptions())
            return ViewSource(name: target, task: task, policy: nil, sampler: .ddim(10), chunkSource: .policy)
        }
        let (run, requested) = try RunFolder.open(runOrCheckpoint: target)
        let text = try run.readConfig()
        if ConfigDocument.topLevelString("method", inYAML: text) != nil {
            let steered = try SteeredPolicy(run: run, configText: text, step: requested)
            let sampler = options.sampler ?? steered.base.sampler
            guard sampler.method != .ddpm else {
                throw UserFacingError("sampler.method=ddpm: a steered policy runs its base deterministically; use \(steered.base.sampler.method.rawValue)")
            }
            return ViewSource(name: target, task: steered.base.task, policy: steered.base.policy, sampler: sampler,
                              chunkSource: .steered(steered.agent.steering()))
        }
        if ComposedRunPolicy.isComposition(configText: text) {
            let composed = try ComposedRunPolicy(run: run, configText: text)
            let sampler = options.sampler ?? composed.sampler
            _ = try composed.policy.makeSampler(sampler, batchSize: 1)  // the footing must accept it
            return ViewSource(name: target, task: composed.task, policy: composed.policy, sampler: sampler,
                              chunkSource: .composed(composed.policy.composition?.parents ?? []))
        }
        let trainConfig = try LoadedConfig.load(TrainConfig.self, yaml: text, name: run.configPath, defaults: TrainConfig()).value
        guard let step = try requested ?? run.checkpoints.latest() else {
            throw UserFacingError("\(run.path): the run has no checkpoint yet")
        }
        let policy = try PolicyCheckpoint.loadPolicy(from: run.checkpoints.path(step: step), useEMA: options.ema)
        let task = try SceneLoader.load(from: trainConfig.scene).makeTask(options: trainConfig.taskOptions)
        let sampler = options.sampler ?? trainConfig.eval.sampler
        _ = try policy.makeSampler(sampler, batchSize: 1)  // the family must accept it
        return ViewSource(name: target, task: task, policy: policy, sampler: sampler, chunkSource: .policy)
    }
}

extension TaskScene {
    /// The family's built-in scene names.
    static var builtInNames: [String] { Array(builtIns.keys) }
}
