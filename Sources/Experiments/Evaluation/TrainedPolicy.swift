import Configuration
import Foundation
import Policies
import Runs
import Tasks

/// A policy read back from its training run: the EMA weights of a checkpoint (the latest
/// unless the path names one), the run's training configuration and its task.
struct TrainedPolicy {
    let run: RunFolder
    let step: Int
    let policy: Policy
    let trainConfig: TrainConfig
    let task: any TaskDefinition

    /// Loads `path` (a training run folder or one of its checkpoint folders); `role` names
    /// the path in messages ("base.run", "parent 2").
    init(path: String, role: String) throws {
        let (run, requestedStep) = try RunFolder.open(runOrCheckpoint: path)
        let text = try run.readConfig()
        if ConfigDocument.topLevelString("method", inYAML: text) != nil {
            throw UserFacingError("\(path): a steering run; \(role) must be a training run (pushforward train)")
        }
        if ConfigDocument.topLevelValue("parents", inYAML: text) {
            throw UserFacingError("\(path): a composition run; \(role) must be a training run (pushforward train)")
        }
        trainConfig = try LoadedConfig.load(TrainConfig.self, yaml: text, name: run.configPath, defaults: TrainConfig()).value
        guard let step = try requestedStep ?? run.checkpoints.latest() else {
            throw UserFacingError("\(run.path): the run has no checkpoint yet")
        }
        self.run = run
        self.step = step
        policy = try PolicyCheckpoint.loadPolicy(from: run.checkpoints.path(step: step), useEMA: true)
        task = try RunScene.load(trainConfig.scene, of: run).makeTask(options: trainConfig.taskOptions)
    }
}
