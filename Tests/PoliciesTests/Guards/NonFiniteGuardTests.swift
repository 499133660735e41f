import NeuralNet
import Testing
import Tasks
@testable import Policies

/// Training and rollouts stop on the first NaN or infinity and name it; a rejected
/// training step changes nothing.
@Suite struct NonFiniteGuardTests {
    private func trainer(learningRate: Double) throws -> BehaviourCloning {
        try tinyTrainer { options in
            options.steps = 50
            options.warmupSteps = 0
            options.learningRate = learningRate
        }
    }

    private func snapshot(_ t: BehaviourCloning) -> [[Float]] {
        (t.policy.network.parameters + t.average.parameters).map { Array(UnsafeBufferPointer(start: $0.value.pointer, count: $0.value.count)) }
    }

    @Test func anAbsurdLearningRateIsStoppedAndTheBadStepAppliesNothing() throws {
        // lr = 1e30: Adam moves every weight by ~1e30 per step, so the network's output
        // overflows within a few steps: a real divergence, not an injected NaN.
        let t = try trainer(learningRate: 1e30)
        var before = snapshot(t)
        var stepsBefore = t.step
        for _ in 0..<20 {
            before = snapshot(t)
            stepsBefore = t.step
            t.trainStep()
            if t.rejectedStep != nil { break }
        }
        let rejected = try #require(t.rejectedStep, "20 steps at lr 1e30 stayed finite")
        #expect(rejected.place == "training step \(stepsBefore + 1)")
        #expect(rejected.tensor == "the loss" || rejected.tensor.hasPrefix("the gradient of "), "\(rejected)")
        #expect(t.step == stepsBefore, "a rejected step must not count")
        #expect(snapshot(t) == before, "a rejected step must not change weights or their average")
    }

    @Test func aSaneLearningRateNeverTriggersTheGuard() throws {
        let t = try trainer(learningRate: 1e-3)
        for _ in 0..<30 {
            t.trainStep()
            #expect(t.rejectedStep == nil)
        }
        #expect(t.step == 30)
    }

    @Test func aPolicyThatOutputsNaNStopsTheRolloutNamingEpisodeAndStep() throws {
        let task = try RolloutTests.task()
        let policy = try tinyPolicy(family: .diffusion, observationSize: task.observationSize, actionSize: task.actionSize)
        // A corrupt weight (as a diverged run would leave): every output becomes NaN.
        policy.network.parameters[0].value.pointer[0] = .nan
        let rollout = try Rollout(task: task, policy: policy, sampler: .ddim(3), batchSize: 2, seed: 1, threads: 1)
        var journal = RolloutJournal()
        do {
            try rollout.run(episodes: 2, seeds: RolloutTests.seeds, observer: &journal)
            Issue.record("a policy with a NaN weight ran its episodes")
        } catch let error as NonFiniteError {
            #expect(error.description.hasPrefix("rollout episode 0 step 1: the action is not finite ([nan"), "\(error)")
        }
        #expect(journal.actions.isEmpty, "no non-finite action reached an environment")
    }
}
