#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Runs

/// `pushforward sweep run-one --index I`: runs one cell's command as a child process of
/// the same binary, its output appended to `cell.log`, and marks the cell done only
/// after the command succeeded. Safe to call again: a done cell is skipped, a train or
/// steer cell killed after a checkpoint is resumed (`--resume`), anything else starts
/// again in a clean folder.
public struct CellRunner: Sendable {
    public enum Outcome: Sendable, Equatable {
        case alreadyDone
        case completed(seconds: Double)
        /// The command's exit status; its output is in the log.
        case failed(status: Int32, log: String)
    }

    /// The `pushforward` binary that runs the cells' commands.
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }

    /// The binary of the running process (an absolute path), for cells and Slurm scripts.
    public static var currentExecutable: String {
        let link = "/proc/self/exe"
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: link) { return resolved }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    public func run(_ cell: SweepCell, command kind: SweepFile.Command) throws(SweepError) -> Outcome {
        let folder = CellFolder(cell)
        if folder.done() != nil { return .alreadyDone }
        // One runner per cell at a time: a second `sweep run` (or the workers a killed
        // one left behind, which keep running) would resume the same run twice at once.
        // The lock waits for the other runner; the kernel drops it when that one dies.
        let lock = try Self.lock(folder)
        defer { lock.release() }
        if folder.done() != nil { return .alreadyDone }
        var arguments = Array(cell.command.dropFirst())
        var attempt = "fresh start"
        switch kind {
        case .train, .steer:
            if let run = try resumable(folder, kind: kind) {
                arguments = [kind.rawValue, run.path, "--resume"]
                attempt = "resuming \(run.path)"
            } else {
                try folder.clean()
            }
        case .eval, .compose:
            // A composition search is not resumable: it starts over.
            try folder.clean()
        }
        let started = Date()
        let status = try execute(arguments, log: folder.logPath, header: "\(attempt): pushforward \(arguments.joined(separator: " "))")
        let seconds = Date().timeIntervalSince(started)
        guard status == 0 else {
            try folder.markFailed(status: status)
            return .failed(status: status, log: folder.logPath)
        }
        switch kind {
        case .train, .steer, .compose:
            guard let run = folder.mainRun(kind) else {
                try folder.markFailed(status: -1)
                return .failed(status: -1, log: folder.logPath)
            }
            try markDone(folder, run: run.path, summary: nil, seconds: seconds)
        case .eval:
            try markDone(folder, run: cell.base, summary: Self.evaluationSummary(of: cell), seconds: seconds)
        }
        return .completed(seconds: seconds)
    }

    /// An exclusive lock on `<cell>/lock`, waiting while another process holds it.
    /// Close-on-exec: the cell's command does not inherit it.
    private static func lock(_ folder: CellFolder) throws(SweepError) -> RunLock {
        do {
            try RunFiles.createFolder(folder.cell.folder)
            // Waiting never returns nil.
            return try RunLock.acquire(RunFiles.join(folder.cell.folder, "lock"), wait: true)!
        } catch {
            throw SweepError(error)
        }
    }

    /// The run of an interrupted train or steer attempt worth resuming: the cell's own run
    /// (for a steer cell not the base it trained first), not completed, holding a
    /// checkpoint. The done marker alone says a cell is complete: a completed run without
    /// one (its marker deleted by hand) runs again from scratch.
    private func resumable(_ folder: CellFolder, kind: SweepFile.Command) throws(SweepError) -> RunFolder? {
        guard let run = folder.mainRun(kind) else { return nil }
        guard run.recordedStatus != .completed else { return nil }
        return (try? run.checkpoints.latest()) != nil ? run : nil
    }

    private func markDone(_ folder: CellFolder, run: String, summary: String?, seconds: Double) throws(SweepError) {
        let finished = ISO8601DateFormatter().string(from: Date())
        try folder.markDone(CellFolder.Done(command: folder.cell.command, run: run, summary: summary,
                                            seconds: seconds, finished: finished))
    }

    /// The `summary.json` an eval cell wrote: `eval/<step>-<label>/` of its run.
    static func evaluationSummary(of cell: SweepCell) -> String? {
        let evalFolder = RunFiles.join(cell.base, "eval")
        let suffix = "-" + cell.evaluationLabel
        let names = ((try? RunFiles.contents(of: evalFolder)) ?? []).filter { $0.hasSuffix(suffix) }
        return names.last.map { RunFiles.join(RunFiles.join(evalFolder, $0), "summary.json") }
    }

    /// Runs `pushforward arguments...`, appending its output to `log`; returns the exit status.
    private func execute(_ arguments: [String], log: String, header: String) throws(SweepError) -> Int32 {
        do {
            try RunFiles.createFolder(RunFiles.parent(of: log))
        } catch {
            throw SweepError(error)
        }
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: log) else { throw SweepError("\(log): cannot open the cell's log") }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data("== \(ISO8601DateFormatter().string(from: Date())) \(header)\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        do {
            try process.run()
        } catch {
            throw SweepError("\(executable): cannot start the cell's command: \(error.localizedDescription)")
        }
        // SIGINT / SIGTERM to `run-one` (from `sweep run`, or Slurm's scancel) stop the
        // command too; a train or steer cell resumes from its checkpoint next time.
        if let signal = SignalForwarding.shared.register(process.processIdentifier) { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        SignalForwarding.shared.unregister(process.processIdentifier)
        if process.terminationReason == .uncaughtSignal {
            handle.write(Data("== killed by signal \(process.terminationStatus)\n".utf8))
            return 128 + process.terminationStatus
        }
        handle.write(Data("== exit status \(process.terminationStatus)\n".utf8))
        return process.terminationStatus
    }
}
