/// The best checkpoint of a run: the one whose evaluation scored highest, so pruning can
/// keep it besides the latest ones.
extension Checkpoints {
    /// The checkpointed step with the highest `success_rate` among the evaluation rows that
    /// `isEvaluation` accepts (e.g. periodic evaluations, not DAgger's learner rollouts),
    /// and that rate; `nil` when no accepted row falls on a step that has a checkpoint
    /// folder. Ties go to the earlier step: a later one must do strictly better.
    public func best(among rows: [MetricsRow], isEvaluation: (MetricsRow) -> Bool) throws(RunError) -> (step: Int, successRate: Double)? {
        let checkpointed = Set(try steps())
        var best: (step: Int, successRate: Double)?
        for row in rows where isEvaluation(row) {
            guard let step = row.step, checkpointed.contains(step), let rate = row.number("success_rate"), rate.isFinite else { continue }
            if best == nil || rate > best!.successRate || (rate == best!.successRate && step < best!.step) {
                best = (step, rate)
            }
        }
        return best
    }
}
