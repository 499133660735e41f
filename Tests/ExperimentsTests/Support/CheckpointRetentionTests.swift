import Foundation
import Testing
@testable import Experiments
@testable import Runs

/// Disk use stays bounded: training and steering keep the latest `keepCheckpoints`
/// checkpoints and the best by periodic evaluation, which is on disk even when it falls
/// off the checkpoint cadence.
@Suite(.serialized) struct CheckpointRetentionTests {
    /// The periodic evaluations' best rate, the step `run.json` names as best, and the checkpoint folders left.
    func retained(_ run: RunFolder, phases: Set<String>) throws -> (best: Double, bestStep: Int, steps: [Int], notes: [String: String]) {
        let rows = try MetricsLog.read(.eval, of: run).filter { phases.contains($0["phase"]?.string ?? "") }
        let notes = try run.readRecord().notes
        let bestStep = try #require(notes["best_step"].flatMap { Int($0) })
        return (rows.compactMap { $0.number("success_rate") }.max() ?? -1, bestStep, try run.checkpoints.steps(), notes)
    }

    @Test("training keeps the latest and the best evaluated checkpoint, checkpointing a new best off the cadence")
    func training() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let config = TrainRunTests.tiny.replacingOccurrences(of: "DAGGER", with: "0")
        // Evaluations every 10 steps, checkpoints every 25: a best at 10, 30 or 50 is off the cadence.
        let result = try TrainRun.start(yaml: config, name: "tiny.yaml",
                                        overrides: ["train.evalEvery=10", "train.checkpointEvery=25", "train.keepCheckpoints=1"],
                                        runsRoot: temp.path) { _ in }
        let kept = try retained(result.run, phases: ["periodic", "bc"])
        let rows = try MetricsLog.read(.eval, of: result.run)
        let bestRow = try #require(rows.first { $0.step == kept.bestStep && $0["phase"]?.string == "periodic" })
        #expect(bestRow.number("success_rate") == kept.best, "best_step \(kept.bestStep) is not the best periodic evaluation")
        #expect(kept.notes["best_success_rate"] == String(format: "%.4f", kept.best))
        // Ties go to the earliest evaluation: off the cadence unless checkpointed as a new best.
        let earliest = rows.first { ["periodic", "bc"].contains($0["phase"]?.string ?? "") && $0.number("success_rate") == kept.best }
        #expect(kept.bestStep == earliest?.step, "best \(kept.bestStep), first evaluation at the best rate \(String(describing: earliest))")
        // The best and the phase end 60 (= latest): nothing else.
        #expect(kept.steps == Array(Set([kept.bestStep, 60])).sorted(), "\(kept.steps)")
        #expect(try result.run.readRecord().sizeBytes.map { $0 > 0 } == true)
    }

    @Test("steering keeps the latest steer.keepCheckpoints and the best evaluated checkpoint")
    func steering() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let base = try TrainRun.start(yaml: SteerRunTests.base, name: "base.yaml", overrides: [], runsRoot: temp.file("base")) { _ in }
        let result = try SteerRun.start(yaml: SteerRunTests.steer(base: base.run.path), name: "steer.yaml",
                                        overrides: ["steer.evalEvery=300", "steer.checkpointEvery=200", "steer.keepCheckpoints=1"],
                                        runsRoot: temp.file("runs")) { _ in }
        let kept = try retained(result.run, phases: ["periodic"])
        let latest = try #require(try result.run.checkpoints.latest())
        #expect(Set(kept.steps) == [kept.bestStep, latest], "\(kept.steps), best \(kept.bestStep)")
        #expect(kept.bestStep < latest)
        let bestRow = try #require(try MetricsLog.read(.eval, of: result.run).first { $0.step == kept.bestStep && $0["phase"]?.string == "periodic" })
        #expect(bestRow.number("success_rate") == kept.best)
    }

    @Test("steer.keepCheckpoints must be at least 1, like train.keepCheckpoints")
    func validated() throws {
        let error = try #require(throws: (any Error).self) {
            try SteerRun.start(yaml: SteerRunTests.steer(base: "nosuch"), name: "steer.yaml", overrides: ["steer.keepCheckpoints=0"]) { _ in }
        }
        #expect("\(error)".contains("steer.keepCheckpoints=0") && "\(error)".contains("at least 1"), "\(error)")
    }
}
