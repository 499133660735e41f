import Foundation
import Runs

/// Which checkpoints a training or steering run keeps: the latest `keep` ones, the best
/// by evaluated success rate, and any the caller pins (training's phase ends), so a
/// long run's disk use stays bounded without losing the checkpoint worth evaluating.
///
/// The best is chosen among evaluations that fall on a checkpoint; a run calls
/// `isNewBest` after each periodic evaluation and writes a checkpoint at that step when it
/// is, so the best evaluated weights are always on disk. Everything is read back from
/// `metrics/eval.jsonl`, so a resumed run picks the same best.
struct CheckpointRetention {
    let run: RunFolder
    /// Latest checkpoints kept (at least 1).
    let keep: Int
    /// The evaluation rows that rank checkpoints (not final evaluations, not DAgger's rollouts).
    let isEvaluation: (MetricsRow) -> Bool

    /// Whether `successRate`, just evaluated, beats every checkpointed evaluation so far.
    func isNewBest(_ successRate: Double) throws -> Bool {
        guard let best = try run.checkpoints.best(among: MetricsLog.read(.eval, of: run), isEvaluation: isEvaluation) else {
            return true
        }
        return successRate > best.successRate
    }

    /// Prunes after a checkpoint was written and marked latest; returns the notes for
    /// `run.json` (`best_step`, `best_success_rate`) when an evaluated checkpoint exists.
    func prune(alsoKeeping pinned: Set<Int> = []) throws -> [String: String] {
        let best = try run.checkpoints.best(among: MetricsLog.read(.eval, of: run), isEvaluation: isEvaluation)
        try run.checkpoints.prune(keepingLast: max(1, keep), alsoKeeping: pinned.union(best.map { [$0.step] } ?? []))
        guard let best else { return [:] }
        return ["best_step": String(best.step), "best_success_rate": String(format: "%.4f", best.successRate)]
    }
}
