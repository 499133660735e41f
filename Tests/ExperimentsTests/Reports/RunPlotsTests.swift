import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Experiments
@testable import Runs

@Suite("Run plots")
struct RunPlotsTests {
    private func makeRun(_ temp: TemporaryFolder) throws -> RunFolder {
        try RunFolder.create(task: "pusht", policy: "diffusion", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
    }

    @Test("writes train_loss.svg and success_rate.svg from the logs")
    func fromLogs() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        let train = try MetricsLog(run: run, .train)
        for step in stride(from: 0, through: 5000, by: 50) {
            try train.append(["step": step, "loss": 0.5 * exp(-Double(step) / 1500) + 0.01, "lr": 1e-4])
        }
        train.close()
        let eval = try MetricsLog(run: run, .eval)
        for (step, successes) in [(1000, 4), (2000, 11), (3000, 15), (4000, 17), (5000, 18)] {
            let records = (0..<20).map { EpisodeRecord(index: $0, seed: UInt64($0), success: $0 < successes, length: 100) }
            try eval.append(EvaluationSummary(records: records, sampler: "ddim-10", checkpointStep: step,
                                              nfePerControlStep: 10, seconds: 1).metricsRow)
        }
        eval.close()
        let written = try RunPlots.write(run: run)
        #expect(written == [run.path + "/plots/train_loss.svg", run.path + "/plots/success_rate.svg"])
        let loss = try String(contentsOfFile: written[0], encoding: .utf8)
        #expect(loss.contains("data-name=\"loss\"") && !loss.contains("data-name=\"lr\""))
        #expect(loss.contains("loss (log)"))
        let rate = try String(contentsOfFile: written[1], encoding: .utf8)
        #expect(rate.contains("data-name=\"success rate\"") && rate.contains("data-name=\"Wilson 95% interval\""))
        for svg in [loss, rate] { #expect(XMLParser(data: Data(svg.utf8)).parse()) }
    }

    @Test("missing logs skip their plot; summaries stand in for a missing eval log")
    func missingLogs() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        #expect(try RunPlots.write(run: run).isEmpty)
        #expect(!RunFiles.exists(run.path(of: .plots)))
        let records = [EpisodeRecord(index: 0, seed: 0, success: true, length: 9)]
        try run.evaluation(step: 100).writeSummary(EvaluationSummary(records: records, sampler: "rti", checkpointStep: 100,
                                                                     nfePerControlStep: 1, seconds: 1))
        #expect(try RunPlots.write(run: run) == [run.path + "/plots/success_rate.svg"])
    }

    @Test("long logs are thinned, keeping the last point")
    func thinning() {
        let rows: [MetricsRow] = (0..<5001).map { ["step": $0, "loss": 1.0] }
        let points = RunPlots.points(rows, "loss")
        #expect(points.count <= RunPlots.maximumPoints + 1)
        #expect(points.first?.0 == 0 && points.last?.0 == 5000)
    }
}
