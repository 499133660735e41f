import Foundation
import Synchronization

/// Progress on stderr: a redrawn bar on a terminal, otherwise one line every `every` items
/// (logs of batch jobs stay readable).
public final class ProgressReporter: Sendable {
    private let total: Int
    private let label: String
    private let every: Int
    private let isTerminal: Bool
    private let start = Stopwatch.now()
    private let lastDrawn = Mutex(-1.0)

    public init(total: Int, label: String) {
        self.total = total
        self.label = label
        self.every = max(1, total / 10)
        self.isTerminal = isatty(STDERR_FILENO) != 0
    }

    /// Reports `done` items, `successes` of them successful.
    public func update(done: Int, successes: Int) {
        let elapsed = Stopwatch.now() - start
        let rate = Double(successes) / Double(max(done, 1))
        if isTerminal {
            // Redraw at most 20 times a second, and always at the end.
            let draw = lastDrawn.withLock { last -> Bool in
                guard done == total || elapsed - last > 0.05 else { return false }
                last = elapsed
                return true
            }
            guard draw else { return }
            let width = 30, filled = width * done / max(total, 1)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = String(format: "\r%@ [%@] %d/%d  success %.1f%%  %.1fs", label, bar, done, total, rate * 100, elapsed)
            FileHandle.standardError.write(Data((line + (done == total ? "\n" : "")).utf8))
        } else if done % every == 0 || done == total {
            let line = String(format: "%@ %d/%d  success %.1f%%  %.1fs\n", label, done, total, rate * 100, elapsed)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
