import NeuralNet
import Testing
@testable import Policies

/// Data-parallel training steps (`BehaviourCloning.threads = 2`).
@Suite struct DataParallelTests {
    /// A tiny trainer; `diffusionSteps` below half the batch makes the halves use the
    /// per-step time table, above it the per-row time path.
    func trainer(_ family: PolicyConfiguration.Family, diffusionSteps: Int = 10, batchSize: Int = 40,
                 threads: Int) throws -> BehaviourCloning {
        let data = tinyDataset()
        var policy = try tinyPolicy(family: family, prediction: family == .flow ? .velocity : family == .anchored ? .sample : .epsilon)
        var configuration = policy.configuration
        configuration.diffusionSteps = diffusionSteps
        var random = RandomSource(seed: 1)
        policy = try Policy(configuration: configuration, observationSize: policy.observationSize,
                            actionSize: policy.actionSize, observationNormalizer: policy.observationNormalizer,
                            actionNormalizer: policy.actionNormalizer, random: &random)
        var options = TrainingOptions()
        options.batchSize = batchSize
        options.learningRate = 1e-3
        let set = TrainingSet(dataset: data, configuration: policy.configuration, target: .expertChunk,
                              observationNormalizer: policy.observationNormalizer,
                              actionNormalizer: policy.actionNormalizer)
        let trainer = BehaviourCloning(policy: policy, data: set, options: options, seed: 11)
        trainer.threads = threads
        return trainer
    }

    /// The loss and every gradient of a two-thread step equal the one-thread step's to
    /// float rounding: the same batch, split in two and summed.
    @Test(arguments: [(PolicyConfiguration.Family.diffusion, 10), (.diffusion, 100), (.flow, 100)])
    func twoThreadStepMatchesOneThreadStep(family: PolicyConfiguration.Family, diffusionSteps: Int) throws {
        let one = try trainer(family, diffusionSteps: diffusionSteps, threads: 1)
        let two = try trainer(family, diffusionSteps: diffusionSteps, threads: 2)
        for _ in 0..<3 {
            let a = one.trainStep(), b = two.trainStep()
            #expect(abs(a - b) <= 1e-5 * abs(a), "loss \(a) against \(b)")
            for (p, q) in zip(one.policy.network.parameters, two.policy.network.parameters) {
                let scale = p.gradient.values.map(abs).max() ?? 0
                let worst = zip(p.gradient.values, q.gradient.values).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-4 * scale + 1e-7, "\(p.name): gradients differ by \(worst) (scale \(scale))")
                let drift = zip(p.value.values, q.value.values).map { abs($0 - $1) }.max() ?? 0
                // AdamW's first steps move each weight by about the learning rate times the
                // gradient's sign, so an element whose gradient is rounding noise may differ by 2 lr per step.
                #expect(drift <= 6e-3, "\(p.name): weights differ by \(drift)")
            }
        }
    }

    @Test func twoThreadTrainingIsBitReproducible() throws {
        let a = try trainer(.diffusion, threads: 2), b = try trainer(.diffusion, threads: 2)
        for _ in 0..<5 { #expect(a.trainStep() == b.trainStep()) }
        for (p, q) in zip(a.policy.network.parameters, b.policy.network.parameters) {
            #expect(p.value.values == q.value.values, "\(p.name)")
        }
    }

    @Test func onlyDiffusionAndFlowStepsSplitTheBatch() throws {
        let diffusion = try trainer(.diffusion, threads: 2)
        #expect(diffusion.dataParallel != nil)
        diffusion.threads = 1
        #expect(diffusion.dataParallel == nil)
        #expect(try trainer(.flow, threads: 2).dataParallel != nil)
        #expect(try trainer(.anchored, diffusionSteps: 100, threads: 2).dataParallel == nil)
    }
}
