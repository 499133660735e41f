import ArgumentParser
import Experiments
import Foundation

/// `pushforward eval`: evaluate a run's latest checkpoint (or a given one) on fresh seeds.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trained policy: success rate with its Wilson interval, coverage, speed, GIFs.",
        discussion: "Options are key=value: episodes=200 seed=1000003 batchSize=50 sampler.method=ddim sampler.steps=10 gifs=3 ema=true.")

    @Argument(help: "A run folder (its latest checkpoint) or runs/.../checkpoints/<step>.")
    var target: String

    @Argument(help: "Options as key=value.")
    var options: [String] = []

    func run() throws {
        let progress = ProgressReporter(total: episodeCount(), label: "eval")
        let result = try EvalRun.run(target, overrides: options) { done, successes in
            progress.update(done: done, successes: successes)
        }
        print(Report.evaluation(result.summary))
        print("results      \(result.folder)")
        for gif in result.gifs { print("gif          \(gif)") }
    }

    private func episodeCount() -> Int {
        options.compactMap { option -> Int? in
            let plain = option.hasPrefix("eval.") ? option.dropFirst(5) : Substring(option)
            return plain.hasPrefix("episodes=") ? Int(plain.dropFirst(9)) : nil
        }.last ?? 200
    }
}

/// `pushforward render`: GIFs of a trained policy's episodes, no display needed.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write GIFs of a trained policy's episodes.")

    @Argument(help: "A run folder or runs/.../checkpoints/<step>.")
    var target: String

    @Option(help: "Episodes to render.")
    var episodes = 3

    @Argument(help: "Further options as key=value (seed=..., sampler.steps=...).")
    var options: [String] = []

    func run() throws {
        let result = try EvalRun.run(target, overrides: options + ["episodes=\(episodes)", "gifs=\(episodes)"],
                                     label: "render") { _, _ in }
        for gif in result.gifs { print(gif) }
    }
}
