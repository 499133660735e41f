import ArgumentParser
import Configuration
import Experiments
import Foundation
import Runs

/// `pushforward demos`: expert demonstrations for a scene, as a safetensors dataset.
struct Demos: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the scene's scripted expert and write a demonstration dataset (safetensors).",
        discussion: """
        Options are key=value: episodes=200 seed=0 out=FILE gifs=3 keepFailures=false threads=0 gifSize=192.
        Only successful episodes are kept unless keepFailures=true.
        """)

    @Argument(help: "Scene file, e.g. Scenes/pusht.yaml or Scenes/reach.yaml.")
    var scene: String

    @Argument(help: "Options as key=value.")
    var options: [String] = []

    func run() throws {
        let config = try LoadedConfig.load(DemosConfig.self, yaml: "{}", name: "command line",
                                           defaults: DemosConfig(), overrides: options).value
        // Checked before the expert runs: the dataset is written only at the end.
        var isFolder: ObjCBool = false
        if !config.out.isEmpty, FileManager.default.fileExists(atPath: config.out, isDirectory: &isFolder), isFolder.boolValue {
            throw UserFacingError("out=\(config.out): is a folder; give the dataset's file name, e.g. out=\(config.out)/demos.safetensors")
        }
        let loaded = try SceneLoader.load(from: scene)
        let progress = ProgressReporter(total: config.episodes, label: "demos \(loaded.name)")
        let report = try Experiments.Demos.run(scene: loaded, scenePath: scene, config: config) { done, successes in
            progress.update(done: done, successes: successes)
        }
        let interval = WilsonInterval(successes: report.successes, trials: report.episodes)
        print(String(format: "%d/%d episodes succeeded (%.1f%%, Wilson 95%% [%.3f, %.3f]); mean length %.1f steps",
                     report.successes, report.episodes, 100 * interval.rate, interval.lower, interval.upper, report.meanLength))
        print(String(format: "%.1f s on %d threads: %.0f demonstrations/min", report.seconds, report.threads,
                     Double(report.episodes) / report.seconds * 60))
        if !report.modes.isEmpty {
            print("modes: " + report.modes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        print("wrote \(report.outputPath) (\(report.kept) episodes, \(report.steps) steps)")
        for path in report.gifPaths { print("wrote \(path)") }
    }
}
