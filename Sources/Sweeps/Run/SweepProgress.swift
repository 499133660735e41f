import Foundation
import Synchronization

/// The progress of a local sweep on stderr: cells done / running / failed, elapsed time
/// and an estimate of the time left. Redrawn in place on a terminal; otherwise a line
/// whenever a cell ends (logs of batch jobs stay readable).
public final class SweepProgress: Sendable {
    private struct State {
        var total = 0
        var skipped = 0
        var done = 0
        var running = 0
        var failed = 0
        var workers = 1
        var cellSeconds = 0.0
        var start = Date()
    }

    private let state = Mutex(State())
    private let isTerminal: Bool
    private let write: @Sendable (String) -> Void

    /// `write` receives each line (without newline handling on a terminal).
    public init(isTerminal: Bool = isatty(STDERR_FILENO) != 0,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.write = write
    }

    func begin(total: Int, skipped: Int, workers: Int) {
        state.withLock { $0 = State(total: total, skipped: skipped, workers: workers, start: Date()) }
        draw(final: false)
    }

    func started() {
        state.withLock { $0.running += 1 }
        if isTerminal { draw(final: false) }
    }

    /// A cell ended; one stopped by a forwarded SIGINT or SIGTERM (`interrupted`) is
    /// neither done nor failed, and the line that says so comes from `sweep run` itself.
    func ended(success: Bool, seconds: Double, failure: String?, interrupted: Bool = false) {
        guard !interrupted else {
            state.withLock { $0.running -= 1 }
            return
        }
        state.withLock { state in
            state.running -= 1
            if success { state.done += 1 } else { state.failed += 1 }
            state.cellSeconds += seconds
        }
        if let failure { emit("failed: \(failure)") }
        draw(final: false, always: true)
    }

    func tick() {
        if isTerminal { draw(final: false) }
    }

    /// The last redraw ends the line on a terminal; elsewhere the last cell's line said it all.
    func finish() {
        if isTerminal { draw(final: true) }
    }

    /// `12/20 done (4 before), 2 running, 1 failed  elapsed 1m05s  left ~2m10s`
    public static func line(total: Int, skipped: Int, done: Int, running: Int, failed: Int,
                            elapsed: Double, meanCellSeconds: Double?, workers: Int) -> String {
        let remaining = total - skipped - done - failed
        var text = "\(skipped + done)/\(total) done"
        if skipped > 0 { text += " (\(skipped) before)" }
        text += ", \(running) running, \(failed) failed  elapsed \(duration(elapsed))"
        if let meanCellSeconds, remaining > 0 {
            // Cells still queued plus those running, spread over the workers.
            text += "  left ~\(duration(meanCellSeconds * Double(remaining) / Double(max(workers, 1))))"
        }
        return text
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }

    private func draw(final: Bool, always: Bool = false) {
        let text = state.withLock { s in
            let finishedCells = s.done + s.failed
            return "sweep " + Self.line(total: s.total, skipped: s.skipped, done: s.done, running: s.running, failed: s.failed,
                                        elapsed: Date().timeIntervalSince(s.start),
                                        meanCellSeconds: finishedCells > 0 ? s.cellSeconds / Double(finishedCells) : nil,
                                        workers: s.workers)
        }
        if isTerminal {
            write("\r\u{1B}[K" + text + (final ? "\n" : ""))
        } else if always || final {
            write(text + "\n")
        }
    }

    private func emit(_ line: String) {
        write((isTerminal ? "\r\u{1B}[K" : "") + line + "\n")
    }
}
