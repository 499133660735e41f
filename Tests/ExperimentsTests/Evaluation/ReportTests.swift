import Runs
import Testing
@testable import Experiments

@Suite("Evaluation report")
struct ReportTests {
    private func record(_ index: Int, success: Bool, mode: String) -> EpisodeRecord {
        EpisodeRecord(index: index, seed: UInt64(100 + index), success: success, length: 10, mode: mode)
    }

    @Test("modes are printed over all episodes, then over the successes with their shares")
    func modeLines() {
        let records = [record(0, success: true, mode: "+"), record(1, success: true, mode: "-"),
                       record(2, success: true, mode: "-"), record(3, success: false, mode: "+"),
                       record(4, success: false, mode: "+")]
        let summary = EvaluationSummary(records: records, sampler: "ddim-10", checkpointStep: 7,
                                        nfePerControlStep: 1.25, seconds: 1)
        let lines = Report.evaluation(summary).split(separator: "\n").map(String.init)
        #expect(lines.contains("modes        +: 3, -: 2"))
        #expect(lines.contains("  successes  +: 1 (33%), -: 2 (67%)"))
    }

    @Test("no success line when nothing succeeded, no mode lines without modes")
    func noSuccesses() {
        let failures = EvaluationSummary(records: [record(0, success: false, mode: "+")], sampler: "ddim-10",
                                         checkpointStep: 0, nfePerControlStep: 1, seconds: 1)
        let text = Report.evaluation(failures)
        #expect(text.contains("modes        +: 1") && !text.contains("successes"))
        let plain = EvaluationSummary(records: [record(0, success: true, mode: "")], sampler: "ddim-10",
                                      checkpointStep: 0, nfePerControlStep: 1, seconds: 1)
        #expect(!Report.evaluation(plain).contains("modes"))
    }
}
