import Testing
import Foundation
@testable import Runs

@Suite("Checkpoint folders")
struct CheckpointsTests {
    @Test("step folders are zero-padded to 8 digits and list in numeric order")
    func listing() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let checkpoints = try configuredRun(in: temp).checkpoints
        #expect(try checkpoints.steps().isEmpty)
        #expect(try checkpoints.latest() == nil)
        for step in [2000, 500, 123_456_789, 0] { try checkpoints.create(step: step) }
        // Not checkpoints: a file named by digits, a stray folder, `latest`.
        _ = FileManager.default.createFile(atPath: checkpoints.path + "/00000700", contents: Data())
        try FileManager.default.createDirectory(atPath: checkpoints.path + "/tmp", withIntermediateDirectories: false)
        #expect(checkpoints.path(step: 500).hasSuffix("/checkpoints/00000500"))
        #expect(try checkpoints.steps() == [0, 500, 2000, 123_456_789])
        #expect(try RunFiles.contents(of: checkpoints.path).contains("123456789"))
        #expect(throws: RunError.self) { try checkpoints.create(step: -1) }
    }

    @Test("latest is a text file, replaced atomically, naming an existing step")
    func latest() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let checkpoints = try configuredRun(in: temp).checkpoints
        try checkpoints.create(step: 1000)
        try checkpoints.setLatest(1000)
        try checkpoints.create(step: 2000)
        #expect(try checkpoints.latest() == 1000)   // 2000 is not marked complete yet
        try checkpoints.setLatest(2000)
        #expect(try checkpoints.latest() == 2000)
        #expect(try String(contentsOfFile: checkpoints.latestPath, encoding: .utf8) == "2000\n")
        #expect(try RunFiles.contents(of: checkpoints.path) == ["00001000", "00002000", "latest"])   // no temporaries left
        #expect(throws: RunError.self) { try checkpoints.setLatest(3000) }
    }

    @Test("a garbled or dangling latest is one line naming the file")
    func badLatest() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let checkpoints = try configuredRun(in: temp).checkpoints
        try checkpoints.create(step: 10)
        try "ten\n".write(toFile: checkpoints.latestPath, atomically: true, encoding: .utf8)
        #expect(throws: RunError(path: checkpoints.latestPath, reason: "expected a step number, found 'ten'")) { try checkpoints.latest() }
        try "20".write(toFile: checkpoints.latestPath, atomically: true, encoding: .utf8)
        #expect(throws: RunError(path: checkpoints.latestPath, reason: "names step 20, but 00000020/ is missing")) { try checkpoints.latest() }
    }

    @Test("pruning keeps the last K, the keep set and latest")
    func pruning() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let checkpoints = try configuredRun(in: temp).checkpoints
        for step in stride(from: 100, through: 800, by: 100) { try checkpoints.create(step: step) }
        try checkpoints.setLatest(600)   // 700 and 800 are still being written
        let removed = try checkpoints.prune(keepingLast: 2, alsoKeeping: [200])
        #expect(removed == [100, 300, 400, 500])
        #expect(try checkpoints.steps() == [200, 600, 700, 800])
        #expect(try checkpoints.prune(keepingLast: 0) == [200, 700, 800])
        #expect(try checkpoints.steps() == [600])
    }

    @Test("eval accepts a run folder or one of its checkpoint folders")
    func openRunOrCheckpoint() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try configuredRun(in: temp)
        try run.checkpoints.create(step: 4000)
        let fromRun = try RunFolder.open(runOrCheckpoint: run.path)
        #expect(fromRun.run == run && fromRun.step == nil)
        let fromCheckpoint = try RunFolder.open(runOrCheckpoint: run.path + "/checkpoints/00004000/")
        #expect(fromCheckpoint.run == run && fromCheckpoint.step == 4000)
        #expect(throws: RunError(path: run.path + "/checkpoints/5", reason: "no such checkpoint folder")) {
            try RunFolder.open(runOrCheckpoint: run.path + "/checkpoints/5")
        }
        #expect(throws: RunError(path: temp.path, reason: "not a run folder (no run.json or config.yaml)")) {
            try RunFolder.open(runOrCheckpoint: temp.path)
        }
    }
}
