import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Experiments
@testable import Runs
@testable import Media

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
        let rate = try inspect(String(contentsOfFile: written[1], encoding: .utf8))
        #expect(rate.seriesNames == [RunPlots.policySeries])
        #expect(rate.errorBars[RunPlots.policySeries]?.count == 5)
        #expect(XMLParser(data: Data(loss.utf8)).parse())
    }

    /// The eval log of a quickstart-like run: plain BC, two DAgger rounds with their
    /// rollouts (learner and expert mixed), the final evaluation on 100 episodes.
    static let quickstartRows: [MetricsRow] = {
        func evaluation(_ phase: String, step: Int, successes: Int, of episodes: Int) -> MetricsRow {
            let records = (0..<episodes).map { EpisodeRecord(index: $0, seed: UInt64($0), success: $0 < successes, length: 150) }
            var row = EvaluationSummary(records: records, sampler: "ddim10", checkpointStep: step,
                                        nfePerControlStep: 1.25, seconds: 1).metricsRow
            row["phase"] = .string(phase)
            return row
        }
        func rollouts(_ round: Int, step: Int, successes: Int) -> MetricsRow {
            ["step": step, "phase": "dagger\(round)-rollouts", "episodes": 40, "success_rate": Double(successes) / 40,
             "beta": 0.5 / Double(round), "dataset_steps": 19148, "seconds": 17.9]
        }
        return [evaluation("bc", step: 12000, successes: 10, of: 40), rollouts(1, step: 12000, successes: 40),
                evaluation("dagger1", step: 15000, successes: 21, of: 40), rollouts(2, step: 15000, successes: 37),
                evaluation("dagger2", step: 18000, successes: 29, of: 40), evaluation("final", step: 18000, successes: 69, of: 100)]
    }()

    @Test("the policy's evaluations are one line with a Wilson error bar each; DAgger rollouts are separate markers")
    func evaluationsAndRollouts() throws {
        let plot = try #require(RunPlots.successRate(rows: Self.quickstartRows))
        #expect(plot.series.map(\.name) == [RunPlots.policySeries, RunPlots.rolloutSeries])
        let policy = plot.series[0], rollouts = plot.series[1]
        #expect(policy.style == .line && rollouts.style == .markers)
        // bc, dagger1, dagger2, final: in step order, the final after dagger2 at the same step.
        #expect(policy.points.map(\.x) == [12000, 15000, 18000, 18000])
        #expect(policy.points.map(\.y) == [0.25, 0.525, 0.725, 0.69])
        #expect(policy.points.map(\.label) == ["BC", "DAgger 1", "DAgger 2", "final"])
        let expected = [(10, 40), (21, 40), (29, 40), (69, 100)].map { WilsonInterval(successes: $0.0, trials: $0.1) }
        #expect(policy.points.map(\.low) == expected.map(\.lower) && policy.points.map(\.high) == expected.map(\.upper))
        // The rollouts (100 % and 92.5 % with the expert's help) are not on the policy's line.
        #expect(rollouts.points.map(\.x) == [12000, 15000] && rollouts.points.map(\.y) == [1.0, 0.925])
        #expect(!rollouts.hasErrorBars)
        #expect(plot.xRange == 0...20000 && plot.yRange == 0...1)

        let svg = plot.svg()
        let inspector = try inspect(svg)
        let bars = inspector.errorBars[RunPlots.policySeries] ?? []
        #expect(bars.count == 4)
        for (bar, interval) in zip(bars, expected) {
            #expect(abs(bar.low - interval.lower) < 1e-5 && abs(bar.high - interval.upper) < 1e-5, "\(bar) vs \(interval)")
            // Pixels: the plot area is 44...384 px tall for rates 0...1.
            #expect(abs(bar.pixelLow - (44 + 340 * (1 - interval.lower))) < 0.01)
            #expect(abs(bar.pixelHigh - (44 + 340 * (1 - interval.upper))) < 0.01)
        }
        #expect(inspector.polylines[RunPlots.policySeries] == 1 && inspector.polylines[RunPlots.rolloutSeries] == nil)
        #expect(inspector.markers[RunPlots.rolloutSeries] == 2 && inspector.errorBars[RunPlots.rolloutSeries] == nil)
        for label in ["BC", "DAgger 1", "DAgger 2", "final"] { #expect(inspector.texts.contains(label), "no label \(label)") }
        // A look at the picture: PUSHFORWARD_PLOT_DIR=/tmp swift test --filter RunPlotsTests
        if let folder = ProcessInfo.processInfo.environment["PUSHFORWARD_PLOT_DIR"] {
            try plot.write(to: folder + "/success_rate.svg")
        }
    }

    @Test("a row without logged bounds gets them from its episodes; pushforward eval rows are their own series")
    func computedBoundsAndEvalCommand() throws {
        let rows: [MetricsRow] = [
            ["step": 100, "phase": "periodic", "success_rate": 0.5, "episodes": 20],
            ["step": 200, "phase": "final", "success_rate": 0.75, "episodes": 20, "wilson_low": 0.53, "wilson_high": 0.89],
            ["step": 200, "phase": "eval:ddim20-200ep", "success_rate": 0.8, "wilson_low": 0.74, "wilson_high": 0.85],
            ["step": 300, "phase": "periodic", "success_rate": 0.6],   // neither bounds nor episodes: no bar
        ]
        let plot = try #require(RunPlots.successRate(rows: rows))
        #expect(plot.series.map(\.name) == [RunPlots.policySeries, RunPlots.evalCommandSeries])
        let computed = WilsonInterval(successes: 10, trials: 20)
        #expect(plot.series[0].points.map(\.low) == [computed.lower, 0.53, nil])
        #expect(plot.series[0].points.map(\.high) == [computed.upper, 0.89, nil])
        #expect(plot.series[1].style == .markers && plot.series[1].points.map(\.y) == [0.8])
        #expect(RunPlots.successRate(rows: [["step": 1, "loss": 0.3]]) == nil)
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
