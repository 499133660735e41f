import NeuralNet
import Testing
import Tasks
@testable import Policies

/// Truncated anchored diffusion: anchors, truncated training, the score loss.
@Suite struct AnchoredTrainingTests {
    func trainer(anchors: Int = 6, truncation: Int = 7, samples: Int? = 3, steps: Int = 200,
                 seed: UInt64 = 7) throws -> BehaviourCloning {
        let data = tinyDataset()
        var c = try tinyPolicy(family: .anchored).configuration
        c.anchors = anchors
        c.truncation = truncation
        c.anchorSamples = samples
        var g = RandomSource(seed: 1)
        let (o, a) = TrainingSet.fitNormalizers(data, configuration: c, target: .expertChunk)
        let policy = try Policy(configuration: c, observationSize: 3, actionSize: 2, observationNormalizer: o,
                                actionNormalizer: a, random: &g)
        let set = TrainingSet(dataset: data, configuration: c, target: .expertChunk, observationNormalizer: o, actionNormalizer: a)
        var clustering = RandomSource(seed: 5)
        try policy.setAnchors(fromChunks: set.targets, random: &clustering)
        var options = TrainingOptions()
        options.steps = steps
        options.batchSize = 16
        options.learningRate = 3e-3
        options.warmupSteps = 5
        return BehaviourCloning(policy: policy, data: set, options: options, seed: seed)
    }

    @Test func truncatedTrainingDrawsOnlyLevelsBelowTheTruncation() throws {
        let t = try trainer(truncation: 7)
        var seen = Set<Float>()
        for _ in 0..<40 {
            t.trainStep()
            #expect(t.times.count == 16 * 3)
            #expect(t.times.allSatisfy { $0 >= 0 && $0 < 7 && $0 == $0.rounded() }, "levels \(Set(t.times).sorted())")
            seen.formUnion(t.times)
        }
        #expect(seen == Set((0..<7).map(Float.init)), "every level below T_trunc is drawn: \(seen.sorted())")
    }

    @Test func eachExampleNoisesItsNearestAnchorFirstAndDistinctOthers() throws {
        let t = try trainer(anchors: 6, samples: 4)
        t.trainStep()
        let anchors = try #require(t.policy.anchors)
        for r in 0..<16 {
            let rows = Array(t.rowAnchors[(r * 4)..<(r * 4 + 4)])
            #expect(Set(rows).count == 4, "anchors of example \(r): \(rows)")
            #expect(rows[0] == KMeans.nearest(to: t.clean.row(r), centroids: anchors.pointer, count: 6, dimension: 8))
            // One noise level per example, shared by its anchors.
            #expect(Set(t.times[(r * 4)..<(r * 4 + 4)]).count == 1)
        }
        // The noisy inputs stay in the normalised range (DiffusionDrive's clamp).
        #expect(t.noisy.values.allSatisfy { abs($0) <= 1 })
    }

    @Test(arguments: [3, 6]) func lossFalls(samples: Int) throws {
        let t = try trainer(samples: samples, steps: 300)
        var early: Float = 0, late: Float = 0
        for i in 0..<300 {
            let loss = t.trainStep()
            if i < 20 { early += loss / 20 }
            if i >= 280 { late += loss / 20 }
        }
        #expect(late < 0.5 * early, "loss \(early) -> \(late)")
    }

    /// The score gradient of each example sums to zero over its anchors (softmax minus
    /// one-hot), and the regression gradient touches the positive row only.
    @Test func scoreGradientSumsToZeroAndRegressionReachesThePositiveOnly() throws {
        let t = try trainer(anchors: 6, samples: 3)
        t.trainStep()
        let n = 8, width = n + 1
        let g = t.gradient.values
        for r in 0..<16 {
            let scores = (0..<3).map { g[(r * 3 + $0) * width + n] }
            #expect(abs(scores.reduce(0, +)) < 1e-5)
            #expect(scores[0] <= 0 && scores[1] >= 0 && scores[2] >= 0)
            for q in 1..<3 { #expect((0..<n).allSatisfy { g[(r * 3 + q) * width + $0] == 0 }) }
            #expect((0..<n).contains { g[(r * 3) * width + $0] != 0 })
        }
    }

    @Test func anchorsSurviveACheckpointRoundTrip() throws {
        let t = try trainer()
        let original = try #require(t.policy.anchors).values
        #expect(original.contains { $0 != 0 })
        var g = RandomSource(seed: 2)
        let copy = try Policy(configuration: t.policy.configuration, observationSize: 3, actionSize: 2,
                              observationNormalizer: t.policy.observationNormalizer,
                              actionNormalizer: t.policy.actionNormalizer, random: &g)
        try copy.load(t.policy.tensors(), file: "memory")
        #expect(copy.anchors?.values == original)
        #expect(try t.averagedPolicy().anchors?.values == original)
        var tensors = t.policy.tensors()
        tensors[PolicyCheckpoint.TensorNames.anchors] = nil
        do { try copy.load(tensors, file: "ckpt.safetensors"); Issue.record("a checkpoint without anchors loaded") } catch {
            #expect(String(describing: error) == "ckpt.safetensors: missing tensor 'anchors'")
        }
    }

    @Test func resumedAnchoredTrainingIsBitIdentical() throws {
        let straight = try trainer(steps: 30)
        for _ in 0..<30 { straight.trainStep() }
        let first = try trainer(steps: 30)
        for _ in 0..<18 { first.trainStep() }
        let weights = first.policy.tensors()
        let (ema, optimizer) = first.stateTensors()
        // Other anchors and seed to begin with: the checkpoint replaces both.
        let resumed = try trainer(steps: 30, seed: 999)
        resumed.policy.anchors!.fill(0.5)
        try resumed.policy.load(weights, file: "memory")
        try resumed.restore(ema: ema, optimizer: optimizer, file: "memory")
        for _ in 0..<12 { resumed.trainStep() }
        for (a, b) in zip(straight.policy.network.parameters, resumed.policy.network.parameters) {
            #expect(a.value.values == b.value.values, "\(a.name) differs")
        }
        #expect(straight.policy.anchors?.values == resumed.policy.anchors?.values)
    }

    @Test func moreAnchorsThanChunksIsRefused() throws {
        var c = try tinyPolicy(family: .anchored).configuration
        c.anchors = 49
        var g = RandomSource(seed: 1)
        let policy = try tinyPolicy(family: .diffusion)
        let anchored = try Policy(configuration: c, observationSize: 3, actionSize: 2,
                                  observationNormalizer: policy.observationNormalizer,
                                  actionNormalizer: policy.actionNormalizer, random: &g)
        let set = TrainingSet(dataset: tinyDataset(), configuration: c, target: .expertChunk,
                              observationNormalizer: nil, actionNormalizer: nil)
        #expect(set.count == 48)
        #expect(throws: PolicyError.invalid(key: "anchors", "49 anchors need at least as many training chunks, the dataset has 48; lower policy.anchors")) {
            try anchored.setAnchors(fromChunks: set.targets, random: &g)
        }
    }

    @Test func anchoredKeysAreCheckedAndBelongToTheAnchoredFamily() throws {
        var c = PolicyConfiguration()
        c.truncation = 10
        #expect(throws: PolicyError.invalid(key: "truncation", "applies to policy.family anchored only, not 'diffusion'")) { try c.validate() }
        c.family = .anchored
        c.truncation = 101
        #expect(throws: PolicyError.invalid(key: "truncation", "must be in 1...100 (policy.diffusionSteps), got 101")) { try c.validate() }
        c.truncation = 0
        #expect(throws: PolicyError.self) { try c.validate() }
        c.truncation = nil
        c.anchors = 1
        #expect(throws: PolicyError.invalid(key: "anchors", "must be at least 2, got 1")) { try c.validate() }
        c.anchors = nil
        c.prediction = .epsilon
        #expect(throws: PolicyError.self) { try c.validate() }
        c.prediction = .sample
        try c.validate()
        #expect(c.anchorCount == 20 && c.truncationSteps == 20 && c.anchorSampleCount == 4)
    }
}
