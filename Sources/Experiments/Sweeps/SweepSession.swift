import Configuration
import Foundation
import Runs
import Sweeps

/// `pushforward sweep plan|run|run-one|collect`: the `Sweeps` module wired to the
/// configurations of train, steer and eval, which check every swept value before
/// anything runs.
public enum SweepSession {
    /// Loads the sweep file, expands it and checks every value against the command's
    /// configuration type.
    public static func plan(_ path: String, out: String?) throws -> SweepPlan {
        let plan = try SweepPlan(SweepFile.load(path, out: out))
        try plan.check(checkCell)
        return plan
    }

    /// The configuration loader of a cell's command, run on `overrides`: the same strict
    /// loading and validation the command does before it starts.
    static func checkCell(_ command: SweepFile.Command, base: String, overrides: [String]) throws {
        switch command {
        case .train:
            _ = try TrainRun.loadConfig(base, overrides: overrides)
        case .steer:
            _ = try SteerRun.loadConfig(base, overrides: overrides)
        case .compose:
            _ = try ComposeRun.loadConfig(configPath: base, parents: [], overrides: overrides)
        case .eval:
            _ = try RunFolder.open(runOrCheckpoint: base)
            _ = try EvalRun.options(overrides, sampler: .ddim(10))
        }
    }

    /// `plan`: writes the manifest; returns the plan.
    public static func writePlan(_ path: String, out: String?, replan: Bool) throws -> SweepPlan {
        let plan = try plan(path, out: out)
        try Manifest.write(plan, replace: replan)
        return plan
    }

    /// What `sweep run` did.
    public enum RunOutcome: Sendable {
        /// The sbatch commands, not submitted.
        case slurmDryRun([[String]])
        case slurmSubmitted(array: String, collect: String, scripts: [String])
        /// The local run's report, the worker count and the collected files.
        case local(LocalExecutor.Report, workers: Int, files: [String])
    }

    /// `run`: submits to Slurm when the file names it (unless `forceLocal`), else runs the
    /// cells here with `workers` processes (default: the file's, else cores / threads)
    /// and collects.
    public static func run(_ plan: SweepPlan, workers: Int?, forceLocal: Bool, dryRun: Bool) throws -> RunOutcome {
        var fileWorkers = 0
        switch plan.file.executor {
        case .slurm(let options) where !forceLocal:
            let slurm = SlurmExecutor(plan: plan, options: options, executable: CellRunner.currentExecutable)
            try slurm.writeScripts()
            if dryRun { return .slurmDryRun(slurm.submissionCommands()) }
            let jobs = try slurm.submit()
            return .slurmSubmitted(array: jobs.array, collect: jobs.collect,
                                   scripts: [slurm.arrayScriptPath, slurm.collectScriptPath])
        case .slurm:
            break
        case .local(let count):
            fileWorkers = count
        }
        var chosen = workers ?? fileWorkers
        if chosen == 0 { chosen = LocalExecutor.defaultWorkers(threads: plan.file.threads) }
        // Ctrl-C or SIGTERM stop the workers' cells too (they are out of the terminal's reach).
        SignalForwarding.shared.install()
        let report = LocalExecutor(workers: chosen, executable: CellRunner.currentExecutable)
            .run(plan, progress: SweepProgress())
        if let signal = report.signal {
            let stopped = report.interrupted.count
            throw UserFacingError("sweep run interrupted by \(SignalForwarding.name(signal)): \(stopped) running cell\(stopped == 1 ? "" : "s") "
                                  + "stopped, \(report.notStarted) not started, \(report.completed.count + report.skipped.count) done; "
                                  + "run the same sweep run again to continue (train and steer cells resume from their last checkpoint)")
        }
        let (_, files) = try collect(plan.file.path, out: plan.file.out)
        return .local(report, workers: chosen, files: files)
    }

    /// `run-one`: runs cell `index` of the manifest planned from `path`.
    public static func runOne(_ path: String, out: String?, index: Int) throws -> (SweepCell, CellRunner.Outcome) {
        let file = try SweepFile.load(path, out: out)
        let cells = try Manifest.read(for: file)
        guard cells.indices.contains(index) else {
            throw UserFacingError("--index \(index): the sweep has cells 0 to \(cells.count - 1)")
        }
        SignalForwarding.shared.install()
        let outcome = try CellRunner(executable: CellRunner.currentExecutable).run(cells[index], command: file.command)
        return (cells[index], outcome)
    }

    /// `collect`: reads every cell of the manifest and writes the tables and plots.
    public static func collect(_ path: String, out: String?) throws -> (SweepCollection, [String]) {
        let file = try SweepFile.load(path, out: out)
        var plan = try SweepPlan(file)
        plan.cells = try Manifest.read(for: file)
        let collection = SweepCollection(plan)
        return (collection, try collection.write())
    }
}
