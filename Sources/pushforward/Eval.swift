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

    @Option(help: "Name the results folder eval/<step>-<label>/ (default: <sampler>-<episodes>ep).")
    var label: String?

    func run() throws {
        if let label, label.isEmpty || label.contains("/") || label.hasPrefix(".") {
            throw UserFacingError("--label '\(label)': must be a folder name (no '/', not empty, not starting with '.')")
        }
        let progress = ProgressReporter(total: episodeCount(), label: "eval")
        let result = try EvalRun.run(target, overrides: options, label: label) { done, successes in
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
    static let configuration = CommandConfiguration(
        abstract: "Write GIFs of a trained policy's episodes.",
        discussion: "Options are key=value as for eval: episodes=3 seed=1000003 sampler.steps=10 ema=true; every episode is rendered.")

    @Argument(help: "A run folder or runs/.../checkpoints/<step>.")
    var target: String

    // Unconditional, so that `--episodes -1` reaches the check rather than reading as an option.
    @Option(parsing: .unconditional, help: "Episodes to render (same as episodes=N).")
    var episodes = 3

    @Argument(help: "Further options as key=value (episodes=..., seed=..., sampler.steps=...).")
    var options: [String] = []

    func run() throws {
        // `episodes=N` among the options wins over --episodes, as the later override;
        // every episode gets its GIF, so `gifs=` has nothing to choose.
        if options.contains(where: { $0.hasPrefix("gifs=") }) {
            throw UserFacingError("render writes a GIF of every episode; set the count with episodes=N, not gifs=")
        }
        let count = options.last(where: { $0.hasPrefix("episodes=") }).flatMap { Int($0.dropFirst("episodes=".count)) } ?? episodes
        let result = try EvalRun.run(target, overrides: ["episodes=\(episodes)"] + options + ["gifs=\(count)"],
                                     label: "render") { _, _ in }
        for gif in result.gifs { print(gif) }
    }
}
