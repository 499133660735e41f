import Configuration
import Foundation
import NeuralNet
import Policies
import Reinforcement
import Runs

/// A steering run read back as a policy: its base policy and the agent of one of its
/// checkpoints (what `eval`, `render` and the viewer run).
struct SteeredPolicy {
    let config: SteerConfig
    let base: BasePolicy
    let agent: SteeringAgent
    let step: Int

    init(run: RunFolder, configText: String, step requested: Int?) throws {
        config = try LoadedConfig.load(SteerConfig.self, yaml: configText, name: run.configPath, defaults: SteerConfig()).value
        base = try BasePolicy(path: config.base.run, sampler: config.base.sampler)
        guard let step = try requested ?? run.checkpoints.latest() else {
            throw UserFacingError("\(run.path): the steering run has no checkpoint yet")
        }
        self.step = step
        // Acting needs the latent actor only: DSRL-NA's action critics are not loaded.
        agent = try SteeringAgent(kind: config.agentKind, base: base.policy,
                                  options: config.steer.sac, capacity: 1, warmupSteps: 0, updatesPerTransition: 0,
                                  latentSteps: config.steer.latentSteps, seed: config.seed)
        let path = RunFiles.join(run.checkpoints.path(step: step), SteeringFiles.agent)
        let state = try SafeTensors.read(contentsOf: URL(fileURLWithPath: path))
        try agent.restore(from: state.tensors.filter { !$0.key.hasPrefix("session.") }, replay: nil, file: path)
    }
}

/// The files of a steering checkpoint folder (`checkpoints/<environment step>/`).
enum SteeringFiles {
    /// SAC (actor, critics, targets, optimizers, temperature), counters and generators.
    static let agent = "agent.safetensors"
    /// The replay buffer.
    static let replay = "replay.safetensors"
}
