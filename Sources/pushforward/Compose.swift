import ArgumentParser
import Experiments
import Foundation

/// `pushforward compose`: test-time composition of trained policies (GPC), with a weight
/// search on validation episodes and a test on disjoint ones.
struct Compose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compose trained policies at test time: search the convex weights of their predictions, then test.",
        discussion: """
        Give a composition file (Configs/<task>/compose.yaml) or two or more training runs. Options are \
        key=value: weights=[0,0.25,0.5,0.75,1] (parent 1's weight) or weightVectors=[[...], ...], \
        sampler.method=ddim sampler.steps=10, validationEpisodes=100 testEpisodes=200 repeats=3, \
        heldOutDemos=20 (the loss pre-filter; 0 skips it), seed, batchSize, threads. The run folder holds \
        compose.json, plots/compose.svg and a composed policy that eval, render and view accept.
        """)

    @Argument(help: "A composition file, or the parent training runs; then options as key=value.")
    var arguments: [String] = []

    @Option(help: "Folder that holds the runs.")
    var runs = "runs"

    func run() throws {
        let overrides = arguments.filter { $0.contains("=") }
        let paths = arguments.filter { !$0.contains("=") }
        guard !paths.isEmpty else {
            throw UserFacingError("give a composition file (Configs/<task>/compose.yaml) or two or more training runs")
        }
        var isFolder: ObjCBool = false
        let first = paths[0]
        let exists = FileManager.default.fileExists(atPath: first, isDirectory: &isFolder)
        // A missing `.yaml` is a composition file that is not there, not a parent run.
        let isConfig = exists ? !isFolder.boolValue : first.hasSuffix(".yaml") || first.hasSuffix(".yml")
        if isConfig, paths.count > 1 {
            throw UserFacingError("give a composition file or parent runs, not both (\(first) is a file; parents go in its parents: list)")
        }
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let loaded = try ComposeRun.loadConfig(configPath: isConfig ? first : nil, parents: isConfig ? [] : paths,
                                               overrides: overrides)
        let result = try ComposeRun.start(loaded, runsRoot: runs, reload: { parents in
            try ComposeRun.loadConfig(configPath: isConfig ? first : nil, parents: parents, overrides: overrides)
        }, log: log)
        print(Report.composition(result.report))
        print("run          \(result.run.path)")
        print("results      \(result.reportPath)")
        if let plot = result.plotPath { print("plot         \(plot)") }
    }
}
