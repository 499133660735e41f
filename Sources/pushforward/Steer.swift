import ArgumentParser
import Experiments
import Foundation

/// `pushforward steer`: RL fine-tuning of a frozen base policy (DSRL or residual RL) in a
/// new run folder, or `--resume` of an existing one.
struct Steer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fine-tune a trained policy by RL: DSRL (SAC over its latent noise) or a residual baseline.",
        discussion: """
        The configuration names the base policy (base.run, or base.recipe to train one first) and the \
        method. Overrides are dotted keys: method=residual steer.steps=300000 steer.sac.actionBound=1.5.
        """)

    @Argument(help: "Steering configuration (Configs/<task>/dsrl.yaml), or the run folder with --resume.")
    var config: String

    @Argument(help: "Overrides as key=value.")
    var overrides: [String] = []

    @Flag(help: "Continue the run folder given as the first argument from its latest checkpoint.")
    var resume = false

    @Option(help: "Folder that holds the runs.")
    var runs = "runs"

    func run() throws {
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let result: SteerRun.Result
        if resume {
            guard overrides.isEmpty else {
                throw UserFacingError("--resume continues the run exactly as configured; overrides are not allowed")
            }
            result = try SteerRun.resume(runPath: config, log: log)
        } else {
            result = try SteerRun.start(configPath: config, overrides: overrides, runsRoot: runs, log: log)
        }
        if let base = result.baseSummary {
            print(String(format: "base policy  %.1f%%  (%d/%d)", base.successRate * 100, base.successes, base.episodes))
        }
        print(Report.evaluation(result.summary))
        print("env steps    \(result.environmentSteps)")
        print("run: \(result.run.path)")
        print("summary: \(result.summaryPath)")
        for gif in result.gifs { print("gif: \(gif)") }
    }
}
