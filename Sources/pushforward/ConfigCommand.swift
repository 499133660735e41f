import ArgumentParser
import Configuration
import Experiments
import Foundation

/// `pushforward config`: the resolved configuration (defaults, file, overrides).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a training configuration as resolved (defaults + file + overrides).")

    @Argument(help: "Configuration file, or 'quickstart' for the embedded one.")
    var config: String

    @Argument(help: "Overrides as key=value.")
    var overrides: [String] = []

    @Flag(help: "Show every key with the origin of its value (file:line, default, override).")
    var explain = false

    func run() throws {
        let loaded = config == "quickstart"
            ? try LoadedConfig.load(TrainConfig.self, yaml: Experiments.Quickstart.configuration, name: "quickstart.yaml",
                                    defaults: TrainConfig(), overrides: overrides)
            : try LoadedConfig.load(TrainConfig.self, from: config, defaults: TrainConfig(), overrides: overrides)
        try loaded.validate { try $0.validate() }
        if explain {
            ConfigExplanation.lines(loaded.document).forEach { print($0) }
        } else {
            print(try loaded.resolvedYAML(), terminator: "")
        }
    }
}
