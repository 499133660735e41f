import Foundation
import Synchronization

/// Runs a sweep's cells on this machine: `workers` processes at a time, each
/// `pushforward sweep run-one <sweep> --index I`, so a cell's crash is its own. Cells
/// already done are skipped without starting a process.
public struct LocalExecutor: Sendable {
    public var workers: Int
    /// The `pushforward` binary the workers run.
    public var executable: String

    /// The default worker count: as many cells as fit the cores at `threads` each, so
    /// workers times BLAS threads never exceeds the cores.
    public static func defaultWorkers(threads: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        max(1, cores / max(1, threads))
    }

    public init(workers: Int, executable: String) {
        self.workers = workers
        self.executable = executable
    }

    /// What happened to the cells.
    public struct Report: Sendable {
        public var completed: [Int] = []
        public var skipped: [Int] = []
        /// Index, exit status and the last line the worker printed.
        public var failed: [(index: Int, status: Int32, message: String)] = []
        /// Cells stopped by a SIGINT or SIGTERM passed on from `sweep run`, and the signal.
        public var interrupted: [Int] = []
        public var signal: Int32?
        /// Cells not started because of the signal.
        public var notStarted: Int = 0
        public var seconds: Double = 0
    }

    /// Runs every cell not yet done; `progress` gets a line whenever a cell starts or ends.
    public func run(_ plan: SweepPlan, progress: SweepProgress) -> Report {
        let start = Date()
        var report = Report()
        var pending: [Int] = []
        for cell in plan.cells {
            if CellFolder(cell).done() != nil { report.skipped.append(cell.index) } else { pending.append(cell.index) }
        }
        progress.begin(total: plan.cells.count, skipped: report.skipped.count, workers: min(workers, max(pending.count, 1)))
        let queue = Mutex(pending[...])
        let results = Mutex(report)
        let finished = DispatchSemaphore(value: 0)
        let workerCount = max(1, min(workers, pending.count))
        for _ in 0..<(pending.isEmpty ? 0 : workerCount) {
            Thread.detachNewThread {
                // After a SIGINT or SIGTERM no new cell starts.
                while SignalForwarding.shared.received == nil, let index = queue.withLock({ $0.popFirst() }) {
                    progress.started()
                    let cellStart = Date()
                    let (status, message) = runOne(plan, index: index)
                    let seconds = Date().timeIntervalSince(cellStart)
                    let interrupted = status != 0 && SignalForwarding.shared.received != nil
                    results.withLock { report in
                        if status == 0 {
                            report.completed.append(index)
                        } else if interrupted {
                            report.interrupted.append(index)
                        } else {
                            report.failed.append((index, status, message))
                        }
                    }
                    progress.ended(success: status == 0, seconds: seconds,
                                   failure: status == 0 ? nil : "\(plan.cells[index].name): exit status \(status); log \(CellFolder(plan.cells[index]).logPath)",
                                   interrupted: interrupted)
                }
                finished.signal()
            }
        }
        for _ in 0..<(pending.isEmpty ? 0 : workerCount) {
            while finished.wait(timeout: .now() + 1) == .timedOut { progress.tick() }
        }
        progress.finish()
        report = results.withLock { $0 }
        report.completed.sort()
        report.failed.sort { $0.index < $1.index }
        report.interrupted.sort()
        report.signal = SignalForwarding.shared.received
        report.notStarted = queue.withLock { $0.count }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// `pushforward sweep run-one <sweep> --index I --out <out>`: its exit status and last stderr line.
    private func runOne(_ plan: SweepPlan, index: Int) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["sweep", "run-one", plan.file.path, "--index", String(index), "--out", plan.file.out]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return (-1, "cannot start \(executable): \(error.localizedDescription)")
        }
        if let signal = SignalForwarding.shared.register(process.processIdentifier) { kill(process.processIdentifier, signal) }
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        SignalForwarding.shared.unregister(process.processIdentifier)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, lines.last.map(String.init) ?? "")
    }
}
