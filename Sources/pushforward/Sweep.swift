import ArgumentParser
import Experiments
import Foundation
import Sweeps

/// `pushforward sweep`: YAML sweeps of train, steer or eval cells, run here or on Slurm.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan, run and collect a YAML sweep (Configs/sweeps/*.yaml) locally or as a Slurm job array.",
        subcommands: [SweepPlanCommand.self, SweepRunCommand.self, SweepRunOneCommand.self, SweepCollectCommand.self])
}

/// The arguments every sweep subcommand takes.
struct SweepLocation: ParsableArguments {
    @Argument(help: "The sweep file (Configs/sweeps/<name>.yaml).")
    var sweep: String

    @Option(help: "The sweep's folder (default: the file's out:, else runs/sweeps/<name>).")
    var out: String?
}

struct SweepPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Expand the sweep into <out>/manifest.jsonl (one cell per line: index, folder, overrides, command).")

    @OptionGroup var location: SweepLocation

    @Flag(help: "Replace a manifest planned from another version of the sweep file.")
    var replan = false

    func run() throws {
        let plan = try SweepSession.writePlan(location.sweep, out: location.out, replan: replan)
        print("\(plan.cells.count) cells  \(Manifest.path(in: plan.file.out))")
    }
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every cell not yet done: local worker processes, or a Slurm job array plus a collect job.",
        discussion: "Done cells are skipped, killed train/steer cells resume, failed cells are listed with their logs.")

    @OptionGroup var location: SweepLocation

    @Option(help: "Local worker processes (default: the file's workers, else cores / threads per cell).")
    var workers: Int?

    @Flag(help: "Run locally even when the file names the slurm executor.")
    var local = false

    @Flag(help: "Slurm: write the scripts and print the sbatch commands without submitting.")
    var dryRun = false

    @Flag(help: "Replace a manifest planned from another version of the sweep file.")
    var replan = false

    func run() throws {
        if let workers, workers < 1 { throw UserFacingError("--workers must be at least 1, got \(workers)") }
        let plan = try SweepSession.writePlan(location.sweep, out: location.out, replan: replan)
        switch try SweepSession.run(plan, workers: workers, forceLocal: local, dryRun: dryRun) {
        case let .slurmDryRun(commands):
            for command in commands { print(command.joined(separator: " ")) }
        case let .slurmSubmitted(array, collect, scripts):
            print("submitted \(plan.cells.count) cells as job array \(array); collect job \(collect) runs after it")
            print("scripts      \(scripts.joined(separator: "  "))")
        case let .local(report, workers, files):
            print(String(format: "%d cells: %d run now, %d done before, %d failed  (%d workers x %d threads, %.1f s)",
                         plan.cells.count, report.completed.count, report.skipped.count, report.failed.count,
                         workers, plan.file.threads, report.seconds))
            for failure in report.failed {
                print("failed       \(plan.cells[failure.index].name)  log \(CellFolder(plan.cells[failure.index]).logPath)")
            }
            for file in files { print("wrote        \(file)") }
            if !report.failed.isEmpty {
                throw UserFacingError("\(report.failed.count) of \(plan.cells.count) cells failed (logs above); run again to retry them")
            }
        }
    }
}

struct SweepRunOneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-one",
        abstract: "Run one cell of a planned sweep (what each worker and each Slurm array task runs).")

    @OptionGroup var location: SweepLocation

    @Option(help: "The cell's index in the manifest ($SLURM_ARRAY_TASK_ID).")
    var index: Int

    func run() throws {
        let (cell, outcome) = try SweepSession.runOne(location.sweep, out: location.out, index: index)
        switch outcome {
        case .alreadyDone:
            print("cell \(cell.index) \(cell.name): already done")
        case .completed(let seconds):
            print(String(format: "cell %d %@: done in %.1f s", cell.index, cell.name, seconds))
        case .failed(let status, let log):
            throw UserFacingError("cell \(cell.index) \(cell.name) failed (exit status \(status)); log \(log)")
        }
    }
}

struct SweepCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Merge the cells' results into sweep.csv, summary.md and plots; list cells without results.")

    @OptionGroup var location: SweepLocation

    func run() throws {
        let (collection, files) = try SweepSession.collect(location.sweep, out: location.out)
        let problems = collection.problems
        print("\(collection.results.count - problems.count) of \(collection.results.count) cells have results")
        for problem in problems { print("missing      \(problem.cell.name): \(problem.problem ?? problem.state.rawValue)") }
        for file in files { print("wrote        \(file)") }
    }
}
