import Testing
import Foundation
@testable import Runs

@Suite("Run folders")
struct RunFolderTests {
    @Test("names the folder runs/<date>/<time>_<task>_<policy>_s<seed>")
    func naming() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try RunFolder.create(task: "pusht", policy: "diffusion", seed: 3, root: temp.path,
                                       now: fixedDate, timeZone: utc)
        #expect(run.path == temp.path + "/2025-03-04/050607_pusht_diffusion_s3")
        #expect(RunFiles.isFolder(run.path))
    }

    @Test("uses the local time of the given time zone")
    func localTime() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!   // UTC+9: 14:06:07 the same day
        let run = try RunFolder.create(task: "reach", policy: "flow", seed: 0, root: temp.path, now: fixedDate, timeZone: tokyo)
        #expect(run.path.hasSuffix("/2025-03-04/140607_reach_flow_s0"))
    }

    @Test("never overwrites: a taken name gets -2, -3")
    func neverOverwrite() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let runs = try (0..<3).map { _ in
            try RunFolder.create(task: "pusht", policy: "flow", seed: 1, root: temp.path, now: fixedDate, timeZone: utc)
        }
        #expect(runs.map { $0.path.split(separator: "/").last! } ==
                ["050607_pusht_flow_s1", "050607_pusht_flow_s1-2", "050607_pusht_flow_s1-3"])
    }

    @Test("cleans names into one path component")
    func cleanedNames() {
        #expect(RunFolder.component("reach-obstacle") == "reach-obstacle")
        #expect(RunFolder.component("flow_matching v2/x") == "flow-matching-v2-x")
        #expect(RunFolder.component("") == "unnamed")
        #expect(RunFolder.component("..") == "unnamed")
    }

    @Test("subfolders are created on demand")
    func subfolders() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try RunFolder.create(task: "t", policy: "p", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
        #expect(!RunFiles.exists(run.path(of: .checkpoints)))
        let folder = try run.folder(.checkpoints)
        #expect(folder == run.path + "/checkpoints")
        #expect(RunFiles.isFolder(folder))
        #expect(try RunFiles.contents(of: run.path) == ["checkpoints"])
    }

    @Test("a file where the runs folder should be is named, nothing is created")
    func fileInTheWay() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        _ = FileManager.default.createFile(atPath: temp.file("runs"), contents: Data("x".utf8))
        #expect(throws: RunError(path: temp.file("runs"), reason: "not a folder (a file is in the way)")) {
            try RunFolder.create(task: "t", policy: "p", seed: 0, root: temp.file("runs"), now: fixedDate, timeZone: utc)
        }
        #expect(throws: RunError(path: temp.file("runs"), reason: "not a folder (a file is in the way)")) {
            try RunFolder.create(task: "t", policy: "p", seed: 0, root: temp.file("runs/deeper"), now: fixedDate, timeZone: utc)
        }
        #expect(try RunFiles.contents(of: temp.path) == ["runs"])
    }

    @Test("opening a folder that is not a run is one line naming it")
    func openErrors() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        #expect(throws: RunError(path: temp.path, reason: "not a run folder (no run.json or config.yaml)")) {
            try RunFolder.open(temp.path)
        }
        let missing = temp.file("nope")
        #expect(throws: RunError(path: missing, reason: "no such run folder")) { try RunFolder.open(missing) }
        _ = FileManager.default.createFile(atPath: temp.file("a.txt"), contents: Data())
        let error = #expect(throws: RunError.self) { try RunFolder.open(temp.file("a.txt")) }
        #expect(error?.description.hasPrefix(temp.file("a.txt") + ": not a run folder") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test("opens a folder with config.yaml, trailing slash or not")
    func openRun() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try RunFolder.create(task: "t", policy: "p", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
        try run.writeConfig("train:\n  steps: 10")
        #expect(try RunFolder.open(run.path + "/") == run)
        #expect(try run.readConfig() == "train:\n  steps: 10\n")
    }

    @Test("config.yaml is written once")
    func configOnce() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try RunFolder.create(task: "t", policy: "p", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
        try run.writeConfig("a: 1\n")
        #expect(throws: RunError(path: run.configPath, reason: "already exists; a run's configuration is written once")) {
            try run.writeConfig("a: 2\n")
        }
        #expect(try run.readConfig() == "a: 1\n")
    }
}
