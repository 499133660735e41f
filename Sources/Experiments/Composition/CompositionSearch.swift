import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// The evaluations of a composition run: the loss pre-filter on held-out expert
/// demonstrations, and per repeat the validation of every candidate and the test of the
/// chosen one beside each parent alone.
struct CompositionSearch {
    let config: ComposeConfig
    let parents: [TrainedPolicy]
    let sampler: Sampler
    let candidates: [[Double]]
    let threads: Int
    let log: @Sendable (String) -> Void

    /// The composed policy of `weights`.
    func composed(_ weights: [Double]) throws -> Policy {
        Policy(composing: try Composition(parents: parents.map(\.policy), weights: weights))
    }

    /// The held-out loss of every candidate and its minimiser: expert episodes from their
    /// own seed stream (`SeedDomain.compositionHeldOut`), so none was trained on.
    func prefilter<Task: TaskDefinition>(task: Task) throws -> CompositionReport.Prefilter {
        let first = parents[0]
        let seed = SeedDomain.compositionHeldOut.seed(config.seed)
        let outcome = try Demos.collect(task: task, scenePath: first.trainConfig.scene, episodes: config.heldOutDemos,
                                        seed: seed, threads: threads, keepFailures: false, progress: { _, _ in })
        let pairs = TrainingSet(dataset: outcome.dataset, configuration: first.policy.configuration,
                                target: first.trainConfig.train.target, observationNormalizer: nil,
                                actionNormalizer: first.policy.actionNormalizer)
        guard pairs.count > 0 else {
            throw UserFacingError("heldOutDemos: none of the \(config.heldOutDemos) expert episodes succeeded; raise heldOutDemos or set it to 0")
        }
        // At most `limit` pairs, evenly spaced through the episodes.
        let limit = 4096, stride = max(1, pairs.count / limit), rows = min(limit, (pairs.count + stride - 1) / stride)
        let histories = Matrix(rows: rows, columns: pairs.conditionSize), chunks = Matrix(rows: rows, columns: pairs.chunkSize)
        for row in 0..<rows {
            let source = row * stride
            pairs.conditions.withUnsafeBufferPointer {
                histories.row(row).update(from: $0.baseAddress! + source * pairs.conditionSize, count: pairs.conditionSize)
            }
            pairs.targets.withUnsafeBufferPointer {
                chunks.row(row).update(from: $0.baseAddress! + source * pairs.chunkSize, count: pairs.chunkSize)
            }
        }
        var random = RandomSource(seed: SeedDomain.compositionHeldOut.seed(seed))
        let loss = try CompositionLoss(policy: try composed(candidates[0]), sampler: sampler, histories: histories,
                                       chunks: chunks, random: &random)
        let losses = candidates.map(loss.loss)
        let weights = loss.bestFirstWeight.map { [$0, 1 - $0] } ?? candidates[losses.indices.min { losses[$0] < losses[$1] }!]
        log(String(format: "pre-filter   held-out loss minimised at %@ (%d pairs from %d demos)",
                   weights.map { String(format: "%.2f", $0) }.joined(separator: "/"), rows, outcome.dataset.episodeCount))
        return CompositionReport.Prefilter(demos: outcome.dataset.episodeCount, pairs: rows, gram: loss.gram, loss: losses,
                                           weights: weights)
    }

    /// Repeat `index`: validation of every candidate on its own seeds, then the chosen
    /// weights and each parent on the test seeds `config.seed + index`.
    func run<Task: TaskDefinition>(repeat index: Int, task: Task) throws -> CompositionReport.Repeat {
        var options = EvaluationOptions()
        options.seed = config.seed &+ UInt64(index)
        options.batchSize = config.batchSize
        options.threads = threads
        options.sampler = sampler
        var validationOptions = options
        validationOptions.episodes = config.validationEpisodes
        let validationSeeds = { (episode: Int) -> EpisodeSeeds in
            let environment = SeedDomain.compositionValidation.seed(options.seed, index: episode)
            return EpisodeSeeds(environment: environment, noise: SeedDomain.evaluationNoise.seed(environment))
        }
        var validation: [CompositionReport.Rate] = []
        for weights in candidates {
            let outcome = try Evaluator.run(policy: try composed(weights), task: task, options: validationOptions,
                                            seeds: validationSeeds)
            let rate = CompositionReport.Rate(outcome.summary(step: 0, sampler: sampler))
            validation.append(rate)
            log(String(format: "repeat %d  validation  w %@  %5.1f%%  (%d/%d)", index + 1, Self.name(weights), rate.rate * 100,
                       rate.successes, rate.episodes))
        }
        let chosen = candidates[CompositionReport.best(validation)]
        options.episodes = config.testEpisodes
        let test = try Evaluator.run(policy: try composed(chosen), task: task, options: options)
            .summary(step: 0, sampler: sampler)
        log(String(format: "repeat %d  test        w %@  %5.1f%%  (%d/%d)", index + 1, Self.name(chosen), test.successRate * 100,
                   test.successes, test.episodes))
        var parentsTest: [EvaluationSummary] = []
        for (number, parent) in parents.enumerated() {
            var own = options
            own.sampler = parent.trainConfig.eval.sampler
            let summary = try Evaluator.run(policy: parent.policy, task: task, options: own)
                .summary(step: parent.step, sampler: own.sampler)
            parentsTest.append(summary)
            log(String(format: "repeat %d  test        parent %d alone (%@)  %5.1f%%  (%d/%d)", index + 1, number + 1,
                       own.sampler.description, summary.successRate * 100, summary.successes, summary.episodes))
        }
        return CompositionReport.Repeat(testSeed: options.seed, validation: validation, chosen: chosen, test: test,
                                        parentsTest: parentsTest)
    }

    /// `0.3/0.7`.
    static func name(_ weights: [Double]) -> String {
        weights.map { String(format: "%.2f", $0) }.joined(separator: "/")
    }
}
