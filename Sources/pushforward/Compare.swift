import ArgumentParser
import Experiments
import Foundation

/// `pushforward compare`: evaluated success of several runs in one plot, grouped by method,
/// with each group's mean (DSRL against residual RL over seeds, diffusion against flow).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plot the evaluated success of several runs against steps, grouped by method, with each group's mean.",
        discussion: """
            Runs are grouped by a steering run's method (dsrl, dsrl-na, residual) or a training run's policy \
            family; each run is a dashed line and each group's mean (evaluation by evaluation) a solid one. \
            Prints a table of final success per group (mean +- sd over runs).
            """)

    @Argument(help: "Run folders.")
    var runs: [String] = []

    @Option(name: .shortAndLong, help: "The SVG file to write.")
    var output = "compare.svg"

    @Option(help: "The plot's title.")
    var title = "Evaluated success"

    func run() throws {
        let comparison = try RunComparison.load(runs)
        guard output.hasSuffix(".svg") else { throw UserFacingError("--output \(output): the plot is SVG; name a .svg file") }
        try comparison.plot(title: title).write(to: output)
        print(comparison.table())
        print("plot         \(output)")
    }
}
