import Foundation

/// Keeps a run's `run.json` current through one session: written at the start, at each
/// checkpoint, and at the end — always atomically, so a killed run leaves the last good
/// record (status `running`, which readers can recognise as "died without saying").
///
/// A journal holds the run's write lock (`RunFolder.lockForWriting`) from `start` or
/// `resume` until `finish` or `fail`: a second process starting or resuming the same
/// run fails at once, before writing anything.
///
/// ```swift
/// var journal = try RunJournal.start(run, threads: 2)
/// try journal.checkpoint(step: 1000)            // notes.last_checkpoint_step = "1000"
/// do { ...; try journal.finish() } catch { try? journal.fail(error); throw error }
/// ```
public struct RunJournal: Sendable {
    /// The folder whose `run.json` this journal writes.
    let run: RunFolder
    /// The record as last written.
    private(set) var record: RunRecord
    /// Seconds accumulated by earlier sessions (non-zero after a resume).
    private let earlierSeconds: Double
    /// When this session began, by `clock`.
    private let sessionStart: Date
    private let clock: @Sendable () -> Date
    /// The run's write lock, released when the session ends.
    private let lock: RunLock

    private init(run: RunFolder, record: RunRecord, clock: @escaping @Sendable () -> Date, sessionStart: Date, lock: RunLock) {
        self.run = run
        self.lock = lock
        self.record = record
        self.earlierSeconds = record.wallSeconds
        self.sessionStart = sessionStart
        self.clock = clock
    }

    /// Starts a new run's record with status `running` and writes it.
    ///
    /// - Parameters:
    ///   - command: argv of this process (the default); tests pass their own.
    ///   - clock: the time source (injectable for tests).
    public static func start(_ run: RunFolder, threads: Int, command: [String] = CommandLine.arguments,
                             version: String = PushforwardVersion.current, host: String = ProcessInfo.processInfo.hostName,
                             clock: @escaping @Sendable () -> Date = { Date() }) throws(RunError) -> RunJournal {
        let lock = try run.lockForWriting()
        let now = clock()
        let record = RunRecord(version: version, command: command, started: now, host: host, threads: threads)
        let journal = RunJournal(run: run, record: record, clock: clock, sessionStart: now, lock: lock)
        try run.writeRecord(journal.record)
        return journal
    }

    /// Continues an existing run (`--resume`): reads its `run.json`, sets it `running`
    /// again, notes when and how it was resumed, and writes it back.
    public static func resume(_ run: RunFolder, threads: Int, command: [String] = CommandLine.arguments,
                              host: String = ProcessInfo.processInfo.hostName,
                              clock: @escaping @Sendable () -> Date = { Date() }) throws(RunError) -> RunJournal {
        let lock = try run.lockForWriting()
        var record = try run.readRecord()
        guard record.status != .completed else {
            throw RunError(path: run.recordPath, reason: "the run already completed; start a new run instead of resuming")
        }
        let now = clock()
        record.status = .running
        record.finished = nil
        record.error = nil
        record.sizeBytes = nil
        record.host = host
        record.threads = threads
        record.resumed.append(now)
        record.resumeCommands.append(command)
        let journal = RunJournal(run: run, record: record, clock: clock, sessionStart: now, lock: lock)
        try run.writeRecord(journal.record)
        return journal
    }

    /// Records a written checkpoint: `notes.last_checkpoint_step`, plus any extra notes
    /// (e.g. `best_step`), and the wall time so far.
    public mutating func checkpoint(step: Int, notes: [String: String] = [:]) throws(RunError) {
        record.notes["last_checkpoint_step"] = String(step)
        record.notes.merge(notes) { _, new in new }
        try save()
    }

    /// Sets a note and writes the record.
    public mutating func note(_ key: String, _ value: String) throws(RunError) {
        record.notes[key] = value
        try save()
    }

    /// Ends the session with `status` (`completed` by default, `interrupted` on Ctrl-C),
    /// recording the folder's size on disk, and releases the run's lock.
    public mutating func finish(_ status: RunRecord.Status = .completed) throws(RunError) {
        defer { lock.release() }
        record.status = status
        record.finished = clock()
        // Measured before this last run.json replaces the previous one (a few hundred bytes).
        record.sizeBytes = RunFiles.diskUsage(of: run.path)
        try save(at: record.finished!)
    }

    /// Ends the session as `failed`, keeping the error's one-line description.
    public mutating func fail(_ error: any Error) throws(RunError) {
        record.error = Self.oneLine(error)
        try finish(.failed)
    }

    /// Updates the wall time and writes `run.json`.
    private mutating func save(at now: Date? = nil) throws(RunError) {
        let now = now ?? clock()
        record.wallSeconds = earlierSeconds + max(0, now.timeIntervalSince(sessionStart))
        try run.writeRecord(record)
    }

    /// An error's description flattened to one line (the form the command line prints).
    static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
