import Configuration
import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// A frozen base policy read from its training run: the EMA weights of a checkpoint, the
/// run's training configuration (scene, task options, sampler) and its task.
struct BasePolicy {
    let run: RunFolder
    let step: Int
    let policy: Policy
    let trainConfig: TrainConfig
    let task: any TaskDefinition
    /// The deterministic sampler it runs with.
    let sampler: Sampler

    /// Loads `path` (a training run folder or one of its checkpoint folders); `sampler`
    /// overrides the run's evaluation sampler. A stochastic sampler is refused: DSRL
    /// needs `w -> chunk` to be a function. `role` and `samplerKey` name the path and the
    /// sampler in messages.
    init(path: String, sampler requested: Sampler?, role: String = "base.run", samplerKey: String = "base.sampler") throws {
        let trained = try TrainedPolicy(path: path, role: role)
        let sampler = requested ?? trained.trainConfig.eval.sampler
        guard sampler.method != .ddpm else {
            throw UserFacingError("\(samplerKey): DDPM is stochastic; steering needs a deterministic sampler (ddim, eta 0, or euler)")
        }
        // The agent chooses each chunk's initial noise: a warm start (RTI) would ignore it
        // after an episode's first chunk, and the agent's step is one chunk of Ta actions.
        guard sampler.method != .anchored else {
            throw UserFacingError("\(samplerKey): an anchored policy starts from its anchors, not from a noise the agent "
                                  + "could choose; steer a diffusion or flow policy")
        }
        guard sampler.method != .rti, sampler.every == nil else {
            throw UserFacingError("\(samplerKey): steering needs every chunk sampled from its initial noise and run for its "
                                  + "Ta actions; use ddim, dpmsolver or euler without 'every' (got \(sampler))")
        }
        run = trained.run
        step = trained.step
        trainConfig = trained.trainConfig
        task = trained.task
        policy = trained.policy
        self.sampler = sampler
        _ = try policy.makeSampler(sampler, batchSize: 1)  // family and sampler must match
    }

    /// The evaluation sampler of the training run at `path`, or nil when `path` is not a
    /// readable training run (the initialiser then says why): the default that a
    /// `sampler.steps=` or `sampler.method=` override starts from.
    static func evaluationSampler(ofRun path: String) -> Sampler? {
        guard let (run, _) = try? RunFolder.open(runOrCheckpoint: path), let text = try? run.readConfig(),
              ConfigDocument.topLevelString("method", inYAML: text) == nil else { return nil }
        return try? LoadedConfig.load(TrainConfig.self, yaml: text, name: run.configPath, defaults: TrainConfig())
            .value.eval.sampler
    }
}
