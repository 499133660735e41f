import ArgumentParser
import Experiments
import Foundation

/// `pushforward quickstart`: the main job, end to end on the embedded default.
struct Quickstart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Push-T end to end: expert demos, a diffusion policy, DAgger, evaluation (about 10 minutes).",
        discussion: "The embedded configuration is Configs/quickstart.yaml; key=value overrides apply to it.")

    @Argument(help: "Overrides as key=value, e.g. train.steps=4000.")
    var overrides: [String] = []

    @Option(help: "Folder that holds the runs.")
    var runs = "runs"

    func run() throws {
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let result = try Experiments.Quickstart.run(overrides: overrides, runsRoot: runs, log: log)
        print("")
        print(Report.evaluation(result.summary))
        print("run          \(result.run.path)")
        for gif in result.gifs { print("gif          \(gif)") }
    }
}
