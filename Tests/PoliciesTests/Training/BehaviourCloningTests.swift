import NeuralNet
import Testing
import Tasks
@testable import Policies

@Suite struct BehaviourCloningTests {
    func trainer(_ family: PolicyConfiguration.Family, prediction: PolicyConfiguration.Prediction = .sample,
                 steps: Int, seed: UInt64 = 7) throws -> BehaviourCloning {
        let data = tinyDataset()
        let policy = try tinyPolicy(family: family, prediction: prediction)
        let (o, a) = TrainingSet.fitNormalizers(data, configuration: policy.configuration, target: .expertChunk)
        policy.observationNormalizer = o
        policy.actionNormalizer = a
        var options = TrainingOptions()
        options.steps = steps
        options.batchSize = 16
        options.learningRate = 3e-3
        options.warmupSteps = 5
        let set = TrainingSet(dataset: data, configuration: policy.configuration, target: .expertChunk,
                              observationNormalizer: o, actionNormalizer: a)
        return BehaviourCloning(policy: policy, data: set, options: options, seed: seed)
    }

    @Test(arguments: [(PolicyConfiguration.Family.diffusion, PolicyConfiguration.Prediction.epsilon),
                      (.diffusion, .sample), (.flow, .velocity), (.flow, .sample)])
    func lossFalls(family: PolicyConfiguration.Family, prediction: PolicyConfiguration.Prediction) throws {
        let t = try trainer(family, prediction: prediction, steps: 300)
        var early: Float = 0, late: Float = 0
        for i in 0..<300 {
            let loss = t.trainStep()
            if i < 20 { early += loss / 20 }
            if i >= 280 { late += loss / 20 }
        }
        #expect(late < 0.5 * early, "loss \(early) -> \(late)")
    }

    @Test func mismatchedPredictionIsRefusedNamingTheKey() throws {
        #expect(throws: PolicyError.self) { try tinyPolicy(family: .flow, prediction: .epsilon) }
        do {
            _ = try tinyPolicy(family: .diffusion, prediction: .velocity)
            Issue.record("a diffusion policy predicting velocity was accepted")
        } catch let error as PolicyError {
            #expect(error.keyPath == ["policy", "prediction"])
            #expect(error.description.contains("'velocity' is a flow target"))
        }
    }

    @Test func resumedTrainingIsBitIdentical() throws {
        let straight = try trainer(.diffusion, steps: 40)
        for _ in 0..<40 { straight.trainStep() }

        let first = try trainer(.diffusion, steps: 40)
        for _ in 0..<25 { first.trainStep() }
        let weights = first.policy.tensors()
        let (ema, optimizer) = first.stateTensors()

        let resumed = try trainer(.diffusion, steps: 40, seed: 999)  // seed is overwritten by the state
        try resumed.policy.load(weights, file: "memory")
        try resumed.restore(ema: ema, optimizer: optimizer, file: "memory")
        for _ in 0..<15 { resumed.trainStep() }

        #expect(resumed.step == 40)
        for (a, b) in zip(straight.policy.network.parameters, resumed.policy.network.parameters) {
            #expect(a.value.values == b.value.values, "\(a.name) differs")
        }
        for (a, b) in zip(straight.average.parameters, resumed.average.parameters) {
            #expect(a.value.values == b.value.values, "EMA \(a.name) differs")
        }
    }

    /// With fewer diffusion steps than batch rows the trainer runs the time path once
    /// per step; a fixed seed still reproduces every weight bit for bit.
    @Test func trainingWithTheStepTableIsBitIdenticalRunToRun() throws {
        func run() throws -> BehaviourCloning {
            let data = tinyDataset()
            var configuration = try tinyPolicy(family: .diffusion).configuration
            configuration.diffusionSteps = 10
            var g = RandomSource(seed: 1)
            let policy = try Policy(configuration: configuration, observationSize: 3, actionSize: 2,
                                    observationNormalizer: Normalizer(minimum: [-1, -1, -1], maximum: [1, 1, 1]),
                                    actionNormalizer: Normalizer(minimum: [0, 0], maximum: [10, 10]), random: &g)
            var options = TrainingOptions()
            options.batchSize = 16
            options.learningRate = 3e-3
            let set = TrainingSet(dataset: data, configuration: configuration, target: .expertChunk,
                                  observationNormalizer: policy.observationNormalizer,
                                  actionNormalizer: policy.actionNormalizer)
            let trainer = BehaviourCloning(policy: policy, data: set, options: options, seed: 5)
            for _ in 0..<30 { trainer.trainStep() }
            return trainer
        }
        let a = try run(), b = try run()
        #expect(a.workspace.timeSteps == 10)
        for (x, y) in zip(a.policy.network.parameters + a.average.parameters,
                          b.policy.network.parameters + b.average.parameters) {
            #expect(x.value.values == y.value.values, "\(x.name) differs")
        }
    }

    @Test func sameSeedSameSamplesAndNoiseDeterminesDDIM() throws {
        let policy = try tinyPolicy(family: .diffusion)
        let a = try ChunkController(policy: policy, sampler: .ddim(5), batchSize: 2, seed: 3)
        let b = try ChunkController(policy: policy, sampler: .ddim(5), batchSize: 2, seed: 99)
        for c in [a, b] {
            c.reset(slot: 0, observation: [0.1, 0.2, 0.3], noiseSeed: 11)
            c.reset(slot: 1, observation: [0.4, -0.2, 0.0], noiseSeed: 12)
        }
        let planA = a.plan(active: [true, true]), planB = b.plan(active: [true, true])
        #expect(planA == planB)  // same per-episode noise: same chunks, whatever the controller seed
        #expect(planA[0].count == 2 && planA[0][0].count == 2)
        b.reset(slot: 0, observation: [0.1, 0.2, 0.3], noiseSeed: 13)
        #expect(b.plan(active: [true, false])[0] != planA[0])
    }

    @Test func checkpointWithOtherShapesIsRefusedNamingTheTensor() throws {
        let small = try tinyPolicy(family: .flow)
        let other = try tinyPolicy(family: .flow, observationSize: 5)
        #expect(throws: SafeTensorsError.self) { try other.load(small.tensors(), file: "ckpt.safetensors") }
        do { try other.load(small.tensors(), file: "ckpt.safetensors") } catch {
            #expect(String(describing: error) == "ckpt.safetensors: tensor 'input.weight' has shape [32, 14], expected [32, 18]")
        }
    }

    @Test func samplerMustMatchTheFamily() throws {
        let policy = try tinyPolicy(family: .diffusion)
        #expect(throws: PolicyError.self) { try policy.makeSampler(.euler(10), batchSize: 1) }
        let flow = try tinyPolicy(family: .flow)
        #expect(throws: PolicyError.self) { try flow.makeSampler(.ddim(10), batchSize: 1) }
    }
}

@Suite struct TrainingStepProfileTests {
    /// Profiling fills every phase for every step and changes nothing the step computes.
    @Test func profileCoversEveryPhaseAndLeavesResultsAlone() throws {
        func trainer() throws -> BehaviourCloning {
            let data = tinyDataset()
            let policy = try tinyPolicy(family: .diffusion)
            var options = TrainingOptions()
            options.batchSize = 8
            let set = TrainingSet(dataset: data, configuration: policy.configuration, target: .expertChunk,
                                  observationNormalizer: policy.observationNormalizer,
                                  actionNormalizer: policy.actionNormalizer)
            return BehaviourCloning(policy: policy, data: set, options: options, seed: 3)
        }
        let plain = try trainer(), profiled = try trainer()
        profiled.profile = TrainingStepProfile()
        for _ in 0..<3 { #expect(plain.trainStep() == profiled.trainStep()) }
        let profile = try #require(profiled.profile)
        #expect(profile.steps == 3 && plain.profile == nil)
        for phase in TrainingStepProfile.Phase.allCases { #expect(profile[phase] > 0, "\(phase.rawValue)") }
        #expect(profile.total == profile.seconds.reduce(0, +))
        for (a, b) in zip(plain.policy.network.parameters, profiled.policy.network.parameters) {
            #expect(a.value.values == b.value.values)
        }
    }
}

