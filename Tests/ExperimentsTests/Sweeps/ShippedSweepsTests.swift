import Foundation
import Sweeps
import Testing
@testable import Experiments

/// The shipped sweeps (`Configs/sweeps/*.yaml`) plan, and every value they sweep passes
/// the checks of the command's real configuration.
@Suite struct ShippedSweepsTests {
    static let repository = ConfigFilesTests.repository.path

    @Test(arguments: [("seeds", 20), ("seeds-pusht", 10), ("dsrl", 18), ("dsrl-reach", 6), ("samplers", 8), ("reach-samplers", 8)])
    func shippedSweepPlansAndChecks(name: String, cells: Int) throws {
        let file = try SweepFile.load("\(Self.repository)/Configs/sweeps/\(name).yaml", out: "/nonexistent")
        let plan = try SweepPlan(file)
        #expect(plan.cells.count == cells)
        var asked = 0
        try plan.check { command, base, overrides in
            asked += 1
            // An eval sweep names a run the user trains first; its options are checked alone.
            if command == .eval {
                _ = try EvalRun.options(overrides, sampler: .ddim(10))
            } else {
                try SweepSession.checkCell(command, base: "\(Self.repository)/\(base)", overrides: overrides)
            }
        }
        #expect(asked > file.bases.count)
    }

    @Test func aWrongSweptValueNamesTheSweepFileLine() throws {
        let folder = NSTemporaryDirectory() + "pushforward-sweep-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.yaml"
        try "command: steer\nbase: \(Self.repository)/Configs/reach/dsrl.yaml\ngrid: {steer.sac.actionBound: [1.5, -1]}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try SweepSession.plan(path, out: folder + "/out") }
        let text = String(describing: error!)
        #expect(text.hasPrefix("\(path):3: grid 'steer.sac.actionBound': "), "\(text)")
        #expect(text.contains("actionBound"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }
}
