import Testing
import Foundation
@testable import Runs

@Suite("run.json")
struct RunRecordTests {
    private func makeRun(_ temp: TemporaryFolder) throws -> RunFolder {
        try RunFolder.create(task: "pusht", policy: "diffusion", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
    }

    @Test("round trips through run.json with snake_case keys and ISO 8601 dates")
    func roundTrip() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        let record = RunRecord(version: "9.9.9", command: ["pushforward", "train", "a b.yaml"], status: .completed,
                               started: fixedDate, finished: fixedDate + 90, wallSeconds: 90, host: "node1", threads: 2,
                               notes: ["last_checkpoint_step": "500"])
        try run.writeRecord(record)
        #expect(try run.readRecord() == record)
        let text = try String(contentsOfFile: run.recordPath, encoding: .utf8)
        #expect(text.contains("\"wall_seconds\" : 90"))
        #expect(text.contains("\"started\" : \"2025-03-04T05:06:07Z\""))
        #expect(text.contains("\"finished\" : \"2025-03-04T05:07:37Z\""))
        #expect(!text.contains("resumed"))
        let opened = try RunFolder.open(run.path)
        #expect(try opened.readRecord().status == .completed)
    }

    @Test("start, checkpoint, finish: running -> completed with wall time and notes")
    func completed() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        let clock = ManualClock()
        var journal = try RunJournal.start(run, threads: 2, command: ["pushforward", "train"], host: "h", clock: clock.now)
        #expect(try run.readRecord().status == .running)
        #expect(try run.readRecord().finished == nil)
        clock.advance(30)
        try journal.checkpoint(step: 1000, notes: ["best_step": "1000"])
        var onDisk = try run.readRecord()
        #expect(onDisk.notes == ["last_checkpoint_step": "1000", "best_step": "1000"])
        #expect(onDisk.wallSeconds == 30)
        #expect(onDisk.status == .running)
        clock.advance(12)
        try journal.finish()
        onDisk = try run.readRecord()
        #expect(onDisk.status == .completed)
        #expect(onDisk.finished == fixedDate + 42)
        #expect(onDisk.wallSeconds == 42)
        #expect(onDisk.version == PushforwardVersion.current)
        #expect(onDisk == journal.record)
    }

    @Test("fail keeps the error's one-line description")
    func failed() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        var journal = try RunJournal.start(run, threads: 1, command: ["x"], host: "h", clock: ManualClock().now)
        try journal.fail(MultiLineError(description: "loss is NaN at step 12\n(lower the learning rate)"))
        let record = try run.readRecord()
        #expect(record.status == .failed)
        #expect(record.error == "loss is NaN at step 12 (lower the learning rate)")
    }

    @Test("interrupted, then resumed: running again, wall time accumulates")
    func resumed() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        let clock = ManualClock()
        var first = try RunJournal.start(run, threads: 2, command: ["train"], host: "a", clock: clock.now)
        clock.advance(10)
        try first.finish(.interrupted)
        #expect(try run.readRecord().status == .interrupted)
        clock.advance(1000)   // time between sessions does not count
        var second = try RunJournal.resume(run, threads: 2, command: ["train", "--resume"], host: "b", clock: clock.now)
        var record = try run.readRecord()
        #expect(record.status == .running)
        #expect(record.finished == nil)
        #expect(record.resumed == [fixedDate + 1010])
        #expect(record.resumeCommands == [["train", "--resume"]])
        #expect(record.host == "b")
        clock.advance(5)
        try second.finish()
        record = try run.readRecord()
        #expect(record.wallSeconds == 15)
        #expect(record.started == fixedDate)
        #expect(throws: RunError.self) { try RunJournal.resume(run, threads: 2, clock: clock.now) }
    }

    @Test("an unreadable run.json is one line naming the file")
    func unreadable() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        try "{\"version\": 1".write(toFile: run.recordPath, atomically: true, encoding: .utf8)
        #expect(throws: RunError(path: run.recordPath, reason: "not valid JSON")) { try run.readRecord() }
        try "{\"version\": \"1\", \"command\": [], \"status\": \"paused\"}".write(toFile: run.recordPath, atomically: true, encoding: .utf8)
        let error = #expect(throws: RunError.self) { try run.readRecord() }
        #expect(error?.description.hasPrefix(run.recordPath + ": key 'status'") == true)
        try FileManager.default.removeItem(atPath: run.recordPath)
        #expect(throws: RunError(path: run.recordPath, reason: "no such file")) { try run.readRecord() }
    }
}

/// An error whose description spans lines, as a user-facing message may.
private struct MultiLineError: Error, CustomStringConvertible {
    var description: String
}
