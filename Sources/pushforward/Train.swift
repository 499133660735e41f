import ArgumentParser
import Experiments
import Foundation

/// `pushforward train`: behaviour cloning (with DAgger rounds if configured) in a new run
/// folder, or `--resume` of an existing one.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a diffusion or flow policy by behaviour cloning; evaluate it; write a run folder.",
        discussion: "Overrides are dotted keys: policy.width=256 train.steps=20000 eval.sampler.steps=10.")

    @Argument(help: "Configuration file (Configs/<task>/<family>.yaml), or the run folder with --resume.")
    var config: String

    @Argument(help: "Overrides as key=value.")
    var overrides: [String] = []

    @Flag(help: "Continue the run folder given as the first argument from its latest checkpoint.")
    var resume = false

    @Option(help: "Folder that holds the runs.")
    var runs = "runs"

    func run() throws {
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let result: TrainRun.Result
        if resume {
            guard overrides.isEmpty else {
                throw UserFacingError("--resume continues the run exactly as configured; overrides are not allowed")
            }
            result = try TrainRun.resume(runPath: config, log: log)
        } else {
            result = try TrainRun.start(configPath: config, overrides: overrides, runsRoot: runs, log: log)
        }
        print(Report.evaluation(result.summary))
        print("run: \(result.run.path)")
        print("summary: \(result.summaryPath)")
        for gif in result.gifs { print("gif: \(gif)") }
    }
}
