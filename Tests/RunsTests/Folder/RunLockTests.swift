import Testing
import Foundation
@testable import Runs

@Suite("Run folder lock")
struct RunLockTests {
    @Test("a second writer is refused at once, naming the folder and the holder's pid, until the first releases")
    func exclusive() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try configuredRun(in: temp, task: "reach")
        #expect(!run.isLockedForWriting)
        #expect(!RunFiles.exists(run.lockPath), "only reading the lock must not create it")
        let first = try run.lockForWriting()
        #expect(run.isLockedForWriting)
        #expect(RunLock.holder(of: run.lockPath) == getpid())
        // flock belongs to the open file description: a second open conflicts even in this process.
        let error = try #require(throws: RunError.self) { try run.lockForWriting() }
        #expect(error.description == "\(run.path): run folder in use by another pushforward process (pid \(getpid())); "
                + "wait for it to end, or stop it and resume")
        first.release()
        first.release()   // idempotent
        #expect(!run.isLockedForWriting)
        let second = try run.lockForWriting()
        second.release()
    }

    @Test("a lock file left behind (its process gone) does not block")
    func staleFile() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try configuredRun(in: temp, task: "reach")
        try RunFiles.writeAtomically("999999\n", to: run.lockPath)
        #expect(!run.isLockedForWriting)
        let lock = try run.lockForWriting()
        #expect(RunLock.holder(of: run.lockPath) == getpid())
        lock.release()
    }

    @Test("a journal holds the lock from start to finish; resume while it runs is refused before anything is written")
    func journalHoldsTheLock() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try configuredRun(in: temp, task: "reach")
        var journal = try RunJournal.start(run, threads: 1, command: ["train"], host: "h", clock: ManualClock().now)
        try journal.finish(.interrupted)
        var resumed = try RunJournal.resume(run, threads: 1, command: ["train", "--resume"], host: "h", clock: ManualClock().now)
        let before = try run.readRecord()
        #expect(throws: RunError.self) { try RunJournal.resume(run, threads: 1, command: ["again"], host: "h") }
        #expect(try run.readRecord() == before, "the refused resume wrote run.json")
        try resumed.fail(RunError(path: "x", reason: "boom"))
        #expect(!run.isLockedForWriting)
        #expect(try run.readRecord().sizeBytes.map { $0 > 0 } == true)
    }
}
