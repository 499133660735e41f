import Foundation
import Testing
@testable import Sweeps

/// Collecting: final and best metrics per cell, mean +- sd per configuration, and every
/// cell without results listed with its reason.
@Suite struct SweepCollectionTests {
    static let sweep = "command: train\nbase: Configs/reach/diffusion.yaml\ngrid: {policy.width: [64, 128]}\nseeds: [0, 1]\n"

    /// A finished training run in `cell`'s folder: final evaluation `final`, earlier ones `earlier`.
    func fakeRun(_ cell: SweepCell, final: Double, earlier: [Double], summaryText: String? = nil) throws -> String {
        let run = cell.folder + "/2026-01-01/000000_reach_diffusion_s\(cell.seed ?? "0")"
        try FileManager.default.createDirectory(atPath: run + "/eval/00000020", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: run + "/metrics", withIntermediateDirectories: true)
        try "seed: 0\n".write(toFile: run + "/config.yaml", atomically: true, encoding: .utf8)
        try (summaryText ?? "{\"success_rate\": \(final), \"episodes\": 4}")
            .write(toFile: run + "/eval/00000020/summary.json", atomically: true, encoding: .utf8)
        let rows = (earlier + [final]).enumerated().map { "{\"step\": \($0.offset * 10), \"success_rate\": \($0.element)}\n" }
        try rows.joined().write(toFile: run + "/metrics/eval.jsonl", atomically: true, encoding: .utf8)
        return run
    }

    func markDone(_ cell: SweepCell, run: String) throws {
        try CellFolder(cell).markDone(.init(command: cell.command, run: run, summary: nil, seconds: 1, finished: "now"))
    }

    @Test func tableSummaryAndProblems() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try SweepPlan(SweepFile.load(folder.write(Self.sweep, to: "s.yaml"), out: folder.file("out")))
        let cells = plan.cells  // width-64 s0, s1, width-128 s0, s1
        try markDone(cells[0], run: fakeRun(cells[0], final: 0.5, earlier: [0.75, 0.25]))
        try markDone(cells[1], run: fakeRun(cells[1], final: 0.25, earlier: []))
        try FileManager.default.createDirectory(atPath: cells[2].folder, withIntermediateDirectories: true)
        try CellFolder(cells[2]).markFailed(status: 2)
        try markDone(cells[3], run: fakeRun(cells[3], final: 1, earlier: [], summaryText: "{\"success_rate\": 0."))

        let collection = SweepCollection(plan)
        #expect(collection.results.map(\.state) == [.complete, .complete, .failed, .incomplete])
        #expect(collection.results[0].final == ["success_rate": 0.5] && collection.results[0].best == ["success_rate": 0.75])
        #expect(collection.problems.map(\.cell.name) == ["width-128_s0", "width-128_s1"])
        #expect(collection.results[2].problem == "failed (exit status 2); log \(cells[2].folder)/cell.log")
        #expect(collection.results[3].problem?.contains("summary.json: not a complete JSON summary") == true)

        let csv = collection.csv().split(separator: "\n")
        #expect(csv[0] == "index,name,state,policy.width,seed,final_success_rate,best_success_rate,run,problem")
        #expect(csv[1].hasPrefix("0,width-64_s0,complete,64,0,0.5,0.75,"))
        #expect(csv[3].hasPrefix("2,width-128_s0,failed,128,0,,,,failed (exit status 2)"))

        let stats = try #require(collection.groups[0].meanAndSD("success_rate"))
        #expect(stats.count == 2 && abs(stats.mean - 0.375) < 1e-12 && abs(stats.sd - 0.125 * 2.0.squareRoot()) < 1e-12)
        #expect(collection.groups[1].meanAndSD("success_rate") == nil)
        let markdown = collection.markdown()
        #expect(markdown.contains("| `64` | 2 | 37.5% +- 17.7% |"))
        #expect(markdown.contains("| `128` | 0 | — |"))
        #expect(markdown.contains("- `width-128_s1`: "))

        let written = try collection.write()
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["sweep.csv", "summary.md", "success_rate_vs_policy.width.svg"])
        let svg = try String(contentsOfFile: written[2], encoding: .utf8)
        #expect(svg.contains("mean of 2 seeds") && svg.contains("each seed (seed)"))
    }

    /// Two swept keys: the plot against one draws a line per value of the other (means
    /// over seeds), not one mean over both.
    @Test func twoSweptKeysGiveALinePerValueOfTheOther() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "command: train\nbase: Configs/reach/diffusion.yaml\ngrid: {policy.width: [64, 128], train.steps: [10, 20]}\nseeds: [0, 1]\n"
        let plan = try SweepPlan(SweepFile.load(folder.write(text, to: "s.yaml"), out: folder.file("out")))
        for (i, cell) in plan.cells.enumerated() {
            let steps = SweepCollection.value(of: "train.steps", in: cell) == "10" ? 0.2 : 0.8
            try markDone(cell, run: fakeRun(cell, final: steps + Double(i % 2) * 0.1, earlier: []))
        }
        let plot = SweepCollection(plan).plot("success_rate", against: "policy.width")
        #expect(plot.series.map(\.name) == ["steps 10 (mean of 2 seeds)", "steps 20 (mean of 2 seeds)"])
        for (series, level) in zip(plot.series, [0.25, 0.85]) {
            #expect(series.points.map(\.x) == [64, 128])
            #expect(series.points.allSatisfy { abs($0.y - level) < 1e-12 }, "\(series.points)")
        }
    }

    /// Point labels tell two tasks' configs of the same file name apart.
    @Test func pointLabelsNameTheTaskOfAConfigFile() {
        #expect(SweepCollection.shortLabel("Configs/reach/diffusion.yaml") == "reach-diffusion")
        #expect(SweepCollection.shortLabel("Configs/reach-obstacle/diffusion.yaml") == "reach-obstacle-diffusion")
        #expect(SweepCollection.shortLabel("runs/reach-bc-2000") == "reach-bc-2000")
        #expect(SweepCollection.shortLabel("{method: ddim, steps: 2}") == "ddim 2")
    }

    @Test func aCellPlannedWithAnotherCommandIsNotDone() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try SweepPlan(SweepFile.load(folder.write(Self.sweep, to: "s.yaml"), out: folder.file("out")))
        var stale = plan.cells[0]
        stale.command.append("train.steps=5")
        try CellFolder(stale).markDone(.init(command: stale.command, run: "x", summary: nil, seconds: 1, finished: "now"))
        #expect(CellFolder(stale).done() != nil)
        #expect(CellFolder(plan.cells[0]).done() == nil)
    }
}
