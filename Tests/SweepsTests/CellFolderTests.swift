import Foundation
import Testing
@testable import Sweeps

@Suite struct CellFolderTests {
    @Test func aSteerCellsRunIsTheSteeringRunNotItsBaseWhateverTheNamesSort() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try SweepPlan(SweepFile.load(folder.write("command: steer\nbase: c.yaml\n", to: "s.yaml"),
                                                out: folder.file("out")))
        let cell = CellFolder(plan.cells[0])
        #expect(cell.mainRun(.steer) == nil)
        // Started in the same second: the base training run's name sorts after the steering run's.
        try folder.write("method: dsrl\nseed: 0\n", to: "out/cells/cell/2026-01-01/120000_reach_dsrl_s0/config.yaml")
        try folder.write("seed: 0\npolicy: {family: flow}\n", to: "out/cells/cell/2026-01-01/120000_reach_flow_s0/config.yaml")
        #expect(cell.runs().map { ($0.path as NSString).lastPathComponent } == ["120000_reach_dsrl_s0", "120000_reach_flow_s0"])
        #expect(cell.mainRun(.steer).map { ($0.path as NSString).lastPathComponent } == "120000_reach_dsrl_s0")
        #expect(cell.mainRun(.train).map { ($0.path as NSString).lastPathComponent } == "120000_reach_flow_s0")
    }
}
