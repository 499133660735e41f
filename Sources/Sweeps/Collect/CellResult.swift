import Foundation
import Runs

/// What one cell left behind: its state and, when complete, the metrics of its final
/// evaluation and the best of its evaluations.
public struct CellResult: Sendable {
    public enum State: String, Sendable {
        /// Done, with a readable summary.
        case complete
        /// Never completed and never failed: not started, still running, or killed.
        case missing
        /// The last attempt exited with an error.
        case failed
        /// Done, but its results are missing or cannot be read (half-written, deleted).
        case incomplete
    }

    public var cell: SweepCell
    public var state: State
    /// Why the cell has no results, naming the file or log to look at.
    public var problem: String?
    /// The run folder the cell wrote or evaluated.
    public var run: String?
    /// Metric name to value, from the final `summary.json`.
    public var final: [String: Double] = [:]
    /// Metric name to the highest value over the run's evaluations (`metrics/eval.jsonl`);
    /// an eval cell's single evaluation is both final and best.
    public var best: [String: Double] = [:]

    /// Reads a cell's folder and run.
    static func read(_ cell: SweepCell, command: SweepFile.Command, metrics: [String]) -> CellResult {
        let folder = CellFolder(cell)
        guard let done = folder.done() else {
            if let status = folder.failedStatus() {
                return CellResult(cell: cell, state: .failed, problem: "failed (exit status \(status)); log \(folder.logPath)")
            }
            let started = RunFiles.exists(folder.logPath)
            return CellResult(cell: cell, state: .missing,
                              problem: started ? "not finished (running or killed); log \(folder.logPath)" : "not run yet")
        }
        var result = CellResult(cell: cell, state: .complete, run: done.run)
        do {
            switch command {
            case .eval:
                guard let summary = done.summary else {
                    throw SweepError("\(done.run)/eval: no evaluation labelled \(cell.evaluationLabel)")
                }
                result.final = try Self.metrics(inSummary: summary, metrics)
                result.best = result.final
            case .train, .steer, .compose:
                let run = try RunFolder.open(done.run)
                guard let step = try run.evaluatedSteps().last else {
                    throw SweepError("\(run.path)/eval: no evaluation of the run")
                }
                result.final = try Self.metrics(inSummary: run.evaluation(step: step).summaryPath, metrics)
                result.best = result.final
                for row in try MetricsLog.read(.eval, of: run) {
                    for metric in metrics {
                        if let value = row.number(metric), value.isFinite, value > result.best[metric] ?? -.infinity {
                            result.best[metric] = value
                        }
                    }
                }
            }
        } catch {
            result.state = .incomplete
            result.problem = String(describing: error)
            result.final = [:]
            result.best = [:]
        }
        return result
    }

    /// The named numbers of a `summary.json`; a missing or corrupt file is an error naming it.
    static func metrics(inSummary path: String, _ names: [String]) throws -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path) else { throw SweepError("\(path): no such file") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SweepError("\(path): not a complete JSON summary (half-written or corrupt)")
        }
        var values: [String: Double] = [:]
        for name in names {
            if let number = object[name] as? NSNumber { values[name] = number.doubleValue }
        }
        return values
    }
}
