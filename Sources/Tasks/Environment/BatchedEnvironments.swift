import Dispatch
import Synchronization

/// N environments stepped in parallel. Each environment is independent, so results do
/// not depend on the thread count; work is split into contiguous chunks, one per thread.
public struct BatchedEnvironments<Env: Environment>: Sendable {
    public private(set) var environments: [Env]
    /// Threads to use (1 runs inline).
    public var threads: Int

    public init(_ environments: [Env], threads: Int) {
        self.environments = environments
        self.threads = max(1, threads)
    }

    public var count: Int { environments.count }

    /// Runs `body` on environment `index` in place (to reset it or start it anew).
    public mutating func update<R>(_ index: Int, _ body: (inout Env) throws -> R) rethrows -> R {
        try body(&environments[index])
    }

    /// Steps every environment `i` with `actions[i]`; `nil` leaves it untouched (for
    /// episodes that already ended). Returns one result per stepped environment.
    public mutating func step(_ actions: [[Double]?]) throws -> [StepResult?] {
        precondition(actions.count == environments.count, "one action (or nil) per environment")
        var results = [StepResult?](repeating: nil, count: environments.count)
        try forEachChunk { range, envs, out in
            for i in range {
                if let action = actions[i] { out[i] = try envs[i].step(action) }
            }
        }
        return results

        func forEachChunk(_ body: (Range<Int>, UnsafeMutablePointer<Env>, UnsafeMutablePointer<StepResult?>) throws -> Void) throws {
            try environments.withUnsafeMutableBufferPointer { envs in
                try results.withUnsafeMutableBufferPointer { out in
                    try Parallel.chunks(count: envs.count, threads: threads) { range in
                        try body(range, envs.baseAddress!, out.baseAddress!)
                    }
                }
            }
        }
    }
}

/// Keeps the first error thrown by any worker.
final class ErrorSlot: Sendable {
    private let slot = Mutex(UncheckedSendable<(any Error)?>(nil))

    func record(_ error: any Error) {
        let boxed = UncheckedSendable<(any Error)?>(error)
        slot.withLock { if $0.value == nil { $0 = boxed } }
    }

    /// Read after the workers have finished.
    var first: (any Error)? { slot.withLock { $0.value } }
}

/// Wraps a value the caller promises is used safely across threads.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Splitting work over threads with results that do not depend on the thread count.
public enum Parallel {
    /// Runs `body` on contiguous index ranges covering `0..<count`, one range per thread.
    /// Each range is touched by exactly one thread, which is what makes the unsafe
    /// buffers above safe to share.
    public static func chunks(count: Int, threads: Int, _ body: (Range<Int>) throws -> Void) throws {
        let chunks = min(threads, count)
        guard chunks > 1 else {
            if count > 0 { try body(0..<count) }
            return
        }
        let errors = ErrorSlot()
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = chunk * count / chunks, upper = (chunk + 1) * count / chunks
                do { try work.value(lower..<upper) } catch { errors.record(error) }
            }
        }
        if let error = errors.first { throw error }
    }
}

