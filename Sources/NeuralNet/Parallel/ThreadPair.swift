import Foundation

/// Two threads for pairs of independent jobs: `run(body)` calls `body(0)` on the calling
/// thread and `body(1)` on a long-lived worker thread, and returns when both are done.
///
/// A run costs two semaphore handoffs and one 32-byte box (the escapable copy of the
/// body); `DispatchQueue.concurrentPerform` allocated several objects per call. Where one half waits for the other, `body(1)`
/// must be the one that waits, so that callers can fall back to running `body(0)` then
/// `body(1)` on one thread. Not reentrant: a body must not call `run` on the same pair.
public final class ThreadPair: @unchecked Sendable {
    private final class Worker: @unchecked Sendable {
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        /// Set by `run` for the duration of one pair (a non-escaping body made escapable
        /// with `withoutActuallyEscaping`, and cleared before that scope ends).
        var job: ((Int) -> Void)?
        var quit = false

        func loop() {
            while true {
                start.wait()
                if quit { return }
                job?(1)
                finished.signal()
            }
        }
    }

    private let worker = Worker()

    /// Starts the worker thread (it ends when the pair is released).
    public init() {
        let worker = self.worker
        let thread = Thread { worker.loop() }
        thread.name = "pushforward.pair"
        thread.start()
    }

    deinit {
        worker.quit = true
        worker.start.signal()
    }

    /// `body(0)` here and `body(1)` on the worker, concurrently; returns when both are done.
    public func run(_ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            worker.job = body
            worker.start.signal()
            body(0)
            worker.finished.wait()
            worker.job = nil
        }
    }

    /// Splits indices of jobs of `sizes` into two lists of about equal total size,
    /// largest first (ties by index), each list in increasing order: a fixed assignment,
    /// so a job always runs on the same half.
    public static func balancedShares(_ sizes: [Int]) -> [[Int]] {
        var shares: [[Int]] = [[], []], load = [0, 0]
        for i in sizes.indices.sorted(by: { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }) {
            let k = load[0] <= load[1] ? 0 : 1
            shares[k].append(i)
            load[k] += sizes[i]
        }
        return shares.map { $0.sorted() }
    }
}
