import Foundation
import Testing
@testable import Sweeps

/// Expanding a sweep file: the grid, the zip and the seeds, in a fixed order, with
/// stable names and the exact commands.
@Suite struct SweepPlanTests {
    static let sweep = """
        command: train
        base: Configs/reach/diffusion.yaml
        grid:
          policy.width: [64, 128]
          train.learningRate: [1.0e-3, 3.0e-4]
        zip:
          eval.sampler.method: [ddim, ddpm]
          eval.sampler.steps: [10, 100]
        seeds: [0, 1, 2]
        set: {train.steps: 200}
        threads: 2
        """

    func plan(_ text: String, _ folder: TemporaryFolder, name: String = "grid.yaml") throws -> SweepPlan {
        try SweepPlan(SweepFile.load(folder.write(text, to: name), out: folder.file("out")))
    }

    @Test func gridZipAndSeedsExpandInOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try plan(Self.sweep, folder)
        #expect(plan.cells.count == 2 * 2 * 2 * 3)
        #expect(plan.cells.map(\.index) == Array(0..<24))
        // Seeds fastest, then the zip, then the grid keys in file order.
        #expect(plan.cells[0].name == "width-64_learningRate-1.0e-3_method-ddim_steps-10_s0")
        #expect(plan.cells[1].name == "width-64_learningRate-1.0e-3_method-ddim_steps-10_s1")
        #expect(plan.cells[3].name == "width-64_learningRate-1.0e-3_method-ddpm_steps-100_s0")
        #expect(plan.cells[23].name == "width-128_learningRate-3.0e-4_method-ddpm_steps-100_s2")
        #expect(plan.cells[3].overrides == ["policy.width=64", "train.learningRate=1.0e-3",
                                            "eval.sampler.method=ddpm", "eval.sampler.steps=100"])
        #expect(plan.cells[3].seed == "0")
        #expect(plan.cells[3].command == ["pushforward", "train", "Configs/reach/diffusion.yaml", "train.steps=200",
                                          "policy.width=64", "train.learningRate=1.0e-3", "eval.sampler.method=ddpm",
                                          "eval.sampler.steps=100", "seed=0", "threads=2",
                                          "--runs", folder.file("out") + "/cells/" + plan.cells[3].name])
        #expect(Set(plan.cells.map(\.name)).count == 24)
        #expect(Set(plan.cells.map(\.configuration)).count == 8)
    }

    @Test func planningIsDeterministicAndNamesSurviveAddedValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try plan(Self.sweep, folder)
        let again = try plan(Self.sweep, folder)
        #expect(first.cells == again.cells)
        let grown = try plan(Self.sweep.replacingOccurrences(of: "[64, 128]", with: "[32, 64, 128]")
            .replacingOccurrences(of: "seeds: [0, 1, 2]", with: "seeds: [0, 1, 2, 3]"), folder)
        #expect(grown.cells.count == 3 * 2 * 2 * 4)
        // Every old cell is still there under its name, with its command.
        let byName = Dictionary(uniqueKeysWithValues: grown.cells.map { ($0.name, $0.command) })
        for cell in first.cells { #expect(byName[cell.name] == cell.command, "\(cell.name)") }
        #expect(first.file.hash != grown.file.hash)
    }

    @Test func evalCellsLabelTheirEvaluationAndSeveralBasesNameTheBase() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try plan("""
            command: eval
            base: [runs/a/120000_reach_diffusion_s0, runs/b/120000_reach_flow_s0]
            grid: {sampler: [{method: ddim, steps: 2}, {method: ddpm, steps: 100}]}
            seeds: [1000003]
            set: {episodes: 20, gifs: 0}
            name: samplers
            """, folder)
        #expect(plan.cells.map(\.name) == ["120000-reach-diffusion-s0_sampler-ddim-2_s1000003",
                                           "120000-reach-diffusion-s0_sampler-ddpm-100_s1000003",
                                           "120000-reach-flow-s0_sampler-ddim-2_s1000003",
                                           "120000-reach-flow-s0_sampler-ddpm-100_s1000003"])
        #expect(plan.cells[0].command == ["pushforward", "eval", "runs/a/120000_reach_diffusion_s0", "episodes=20", "gifs=0",
                                          "sampler={method: ddim, steps: 2}", "seed=1000003", "threads=1",
                                          "--label", plan.cells[0].evaluationLabel])
        #expect(plan.cells[0].evaluationLabel.hasPrefix("sweep-samplers-" + plan.cells[0].name + "-"))
        #expect(plan.cells[0].evaluationLabel.count == "sweep-samplers-".count + plan.cells[0].name.count + 7)
    }

    @Test func namesUseWholeKeysWhenLastPartsClashAndHashWhenLong() {
        #expect(CellName.labels(for: ["train.steps", "eval.sampler.steps", "policy.width"])
                == ["train.steps": "train.steps", "eval.sampler.steps": "eval.sampler.steps", "policy.width": "width"])
        #expect(CellName.base("Configs/pusht/flow.yaml") == "pusht-flow")
        #expect(CellName.component("a b/c:d") == "a-b-c-d")
        let long = CellName.join(Array(repeating: "abcdefghij", count: 20))
        #expect(long.count == CellName.maximumLength)
        #expect(long != CellName.join(Array(repeating: "abcdefghij", count: 21)))
    }

    @Test func checkAsksAboutEveryValueAndPlacesTheErrorOnItsLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try plan(Self.sweep, folder)
        var asked: [[String]] = []
        try plan.check { command, base, overrides in
            #expect(command == .train && base == "Configs/reach/diffusion.yaml")
            asked.append(overrides)
        }
        // The base, the fixed key, 2 + 2 grid values, 2 zip positions, 3 seeds, the first cell.
        #expect(asked.count == 1 + 1 + 4 + 2 + 3 + 1)
        #expect(asked.allSatisfy { $0.last == "threads=2" })
        #expect(asked.contains(["eval.sampler.method=ddpm", "eval.sampler.steps=100", "threads=2"]))
        #expect(asked.last == plan.cells[0].command.dropFirst(3).prefix(7).map { $0 })
        let error = #expect(throws: SweepError.self) {
            try plan.check { _, _, overrides in
                if overrides.contains("train.learningRate=3.0e-4") { throw SweepError("too small") }
            }
        }
        #expect(error?.description == "\(folder.file("grid.yaml")):5: grid 'train.learningRate': too small")
    }
}
