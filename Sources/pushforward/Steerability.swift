import ArgumentParser
import Experiments
import Foundation

/// `pushforward steerability`: how much success the noise alone can buy (best of N noise
/// streams per initial state), before spending RL on DSRL.
struct Steerability: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a policy's steerability: success of the best of N noise samples per initial state.",
        discussion: """
            Runs each of `states` evaluation initial states with `samples` noise streams (stream 0 is \
            eval's own) under a deterministic sampler and prints the success of the best of 1, 2, 4, ... \
            streams. Options are key=value: states=100 samples=64 seed=1000003 batchSize=50 \
            sampler.method=ddim sampler.steps=10 threads=0.
            """)

    @Argument(help: "A training run folder (its latest checkpoint) or runs/.../checkpoints/<step>.")
    var target: String

    @Argument(help: "Options as key=value.")
    var options: [String] = []

    func run() throws {
        let progress = ProgressReporter(total: value("states", default: 100) * value("samples", default: 64),
                                        label: "steerability")
        let result = try SteerabilityRun.run(target, overrides: options) { done, successes in
            progress.update(done: done, successes: successes)
        }
        print(Report.steerability(result.report))
        print("results      \(result.path)")
    }

    /// An option's value for the progress line only (the session validates them).
    private func value(_ key: String, default fallback: Int) -> Int {
        options.compactMap { $0.hasPrefix(key + "=") ? Int($0.dropFirst(key.count + 1)) : nil }.last ?? fallback
    }
}
