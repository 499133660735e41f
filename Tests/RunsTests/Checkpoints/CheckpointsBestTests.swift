import Testing
import Foundation
@testable import Runs

@Suite("Best checkpoint and pruning")
struct CheckpointsBestTests {
    private func row(_ step: Int, _ rate: Double, _ phase: String = "periodic") -> MetricsRow {
        ["step": step, "success_rate": rate, "phase": phase]
    }

    @Test("the best is the highest evaluated success among checkpointed steps; ties go to the earlier step")
    func best() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let checkpoints = try configuredRun(in: temp).checkpoints
        for step in [10, 20, 30, 40] { try checkpoints.create(step: step) }
        let periodic: (MetricsRow) -> Bool = { $0["phase"]?.string == "periodic" }
        #expect(try checkpoints.best(among: [], isEvaluation: periodic) == nil)
        let rows = [row(10, 0.25), row(20, 0.5), row(25, 0.9),   // 25 has no checkpoint
                    row(30, 0.5), row(40, 1.0, "final"), row(40, 0.75, "dagger1-rollouts")]
        let best = try #require(try checkpoints.best(among: rows, isEvaluation: periodic))
        #expect(best.step == 20 && best.successRate == 0.5)
        let any = try #require(try checkpoints.best(among: rows) { _ in true })
        #expect(any.step == 40 && any.successRate == 1.0)
    }

    @Test("pruning keeps the latest N, the best and the pinned steps")
    func pruneKeepsBest() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let checkpoints = try configuredRun(in: temp).checkpoints
        for step in stride(from: 10, through: 100, by: 10) { try checkpoints.create(step: step) }
        try checkpoints.setLatest(100)
        let best = try #require(try checkpoints.best(among: [row(30, 0.8), row(90, 0.7)]) { _ in true })
        let removed = try checkpoints.prune(keepingLast: 2, alsoKeeping: [best.step, 50])
        #expect(removed == [10, 20, 40, 60, 70, 80])
        #expect(try checkpoints.steps() == [30, 50, 90, 100])
    }
}
