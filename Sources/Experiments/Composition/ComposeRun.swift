import Configuration
import Foundation
import NeuralNet
import Policies
import Runs
import Tasks

/// `pushforward compose`: GPC's weight search over two or more trained policies, in a run
/// folder of its own (`config.yaml`, `compose.json`, `plots/compose.svg`, and `eval/` for
/// later evaluations of the composed policy).
public enum ComposeRun {
    public struct Result: Sendable {
        public var run: RunFolder
        public var report: CompositionReport
        public var reportPath: String
        public var plotPath: String?
    }

    /// Loads a composition from a configuration file (`configPath`) or from parent runs
    /// given on the command line, with `key=value` overrides.
    public static func loadConfig(configPath: String?, parents: [String], overrides: [String]) throws -> LoadedConfig<ComposeConfig> {
        if let configPath, let text = try? ConfigDocument.readFile(configPath),
           !ComposedRunPolicy.isComposition(configText: text), ConfigDocument.topLevelValue("scene", inYAML: text) {
            throw UserFacingError("\(configPath): a training configuration, not a composition file (it has no parents: list); "
                                  + "give Configs/<task>/compose.yaml or two or more training runs")
        }
        var extra: [String] = []
        if !parents.isEmpty { extra.append("parents=[\(parents.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", "))]") }
        // Parent 1's evaluation sampler is the default that `sampler.steps=5` changes.
        var defaults = ComposeConfig()
        let firstParent = parents.first ?? configPath.flatMap {
            try? LoadedConfig.load(ComposeConfig.self, from: $0, defaults: ComposeConfig()).value.parents.first
        }
        defaults.sampler = firstParent.flatMap(BasePolicy.evaluationSampler(ofRun:))
        let loaded = try configPath.map {
            try LoadedConfig.load(ComposeConfig.self, from: $0, defaults: defaults, overrides: extra + overrides)
        } ?? LoadedConfig.load(ComposeConfig.self, yaml: "{}", name: "command line", defaults: defaults,
                               overrides: extra + overrides)
        // A file's problems are placed on its lines; the command line's need no location.
        if configPath != nil { try loaded.validate { try $0.validate() } } else { try loaded.value.validate() }
        return loaded
    }

    /// The parents of `config`, loaded and checked against one another and the sampler.
    static func parents(_ config: ComposeConfig) throws -> (parents: [TrainedPolicy], sampler: Sampler) {
        let parents = try config.parents.enumerated().map { index, path in
            try TrainedPolicy(path: path, role: "parent \(index + 1)")
        }
        for (index, parent) in parents.enumerated().dropFirst() where parent.task.sceneName != parents[0].task.sceneName {
            throw UserFacingError("parent \(index + 1) (\(parent.run.path)) was trained on \(parent.task.sceneName), "
                                  + "parent 1 (\(parents[0].run.path)) on \(parents[0].task.sceneName)")
        }
        let sampler = config.sampler ?? parents[0].trainConfig.eval.sampler
        do {
            let probe = Policy(composing: try Composition(parents: parents.map(\.policy),
                                                          weights: Array(repeating: 1 / Double(parents.count), count: parents.count)))
            _ = try probe.makeSampler(sampler, batchSize: 1)
            try sampler.validate(for: probe.configuration)
        } catch {
            let names = parents.enumerated().map { "parent \($0 + 1): \($1.run.path)" }.joined(separator: ", ")
            throw UserFacingError("\(error.description) (\(names))")
        }
        return (parents, sampler)
    }

    /// Runs the search and the tests; `log` gets one line per evaluation.
    public static func start(_ given: LoadedConfig<ComposeConfig>, runsRoot: String = "runs",
                             reload: ([String]) throws -> LoadedConfig<ComposeConfig>,
                             log: @escaping @Sendable (String) -> Void) throws -> Result {
        var loaded = given
        if loaded.value.parents.isEmpty {
            // Every recipe is checked before the first one trains for minutes.
            for recipe in loaded.value.recipes { _ = try TrainRun.loadConfig(recipe.config, overrides: recipe.overrides) }
            var trained: [String] = []
            for recipe in loaded.value.recipes {
                log("training parent \(trained.count + 1): \(recipe.config) \(recipe.overrides.joined(separator: " "))")
                trained.append(try TrainRun.start(configPath: recipe.config, overrides: recipe.overrides, runsRoot: runsRoot,
                                                  log: log).run.path)
            }
            loaded = try reload(trained)
        }
        let config = loaded.value
        let (parents, sampler) = try parents(config)
        let candidates = try config.candidates()
        let threads = config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threadCount = threads
        let run = try RunFolder.create(task: parents[0].task.sceneName, policy: "compose", seed: config.seed, root: runsRoot)
        try run.writeConfig(try loaded.resolvedYAML())
        log("run folder \(run.path)")
        var journal = try RunJournal.start(run, threads: threads)
        let started = Date()
        do {
            let search = CompositionSearch(config: config, parents: parents, sampler: sampler, candidates: candidates,
                                           threads: threads, log: log)
            let prefilter = try config.heldOutDemos > 0 ? search.prefilter(task: parents[0].task) : nil
            var repeats: [CompositionReport.Repeat] = []
            for index in 0..<config.repeats { repeats.append(try search.run(repeat: index, task: parents[0].task)) }
            let pooled = candidates.indices.map { c in
                CompositionReport.Rate(successes: repeats.map { $0.validation[c].successes }.reduce(0, +),
                                       episodes: repeats.map { $0.validation[c].episodes }.reduce(0, +),
                                       meanMaxCoverage: repeats.compactMap { $0.validation[c].meanMaxCoverage }.mean)
            }
            let report = CompositionReport(
                parents: parents.map { p in
                    CompositionReport.Parent(run: p.run.path, step: p.step, family: p.policy.configuration.family.rawValue,
                                             prediction: p.policy.configuration.prediction.rawValue,
                                             sampler: p.trainConfig.eval.sampler.description)
                },
                sampler: sampler.description, candidates: candidates, prefilter: prefilter, repeats: repeats,
                pooledValidation: pooled, chosen: candidates[CompositionReport.best(pooled)],
                seconds: Date().timeIntervalSince(started))
            let path = try run.writeJSON(report, name: ComposeFiles.report)
            // Repeat 0's test (the evaluation protocol's seeds) as the run's evaluation, so
            // sweeps collect a composition like a training run.
            let test = repeats[0].test
            try EvaluationFolder(run: run, step: 0).writeSummary(test)
            var row = test.metricsRow
            row["phase"] = .string("compose:test")
            try MetricsLog(run: run, .eval).append(row)
            var plotPath: String?
            if let plot = CompositionPlot.curve(report) {
                let file = RunFiles.join(try run.folder(.plots), ComposeFiles.plot)
                try plot.write(to: file)
                plotPath = file
            }
            try journal.finish()
            return Result(run: run, report: report, reportPath: path, plotPath: plotPath)
        } catch {
            try? journal.fail(error)
            throw error
        }
    }
}

/// The files of a composition run.
enum ComposeFiles {
    static let report = "compose.json"
    static let plot = "compose.svg"
}

extension Array where Element == Double {
    /// The mean, or nil when empty.
    var mean: Double? { isEmpty ? nil : reduce(0, +) / Double(count) }
}
