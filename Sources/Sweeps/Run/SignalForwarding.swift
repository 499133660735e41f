#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Passes SIGINT and SIGTERM on to the child processes a sweep started, so that stopping
/// `sweep run` (Ctrl-C, `kill`, a batch system's SIGTERM) stops its cells too: each
/// worker runs in a process group of its own, out of reach of the terminal's Ctrl-C.
///
/// The signal handler only records the signal and writes one byte to a pipe
/// (async-signal-safe); a thread of its own reads the pipe and signals the children.
/// A caller that starts a child after the signal arrived sees `received` set and stops
/// it itself (`register` returns the signal). Only the first `install` installs; the
/// handlers stay for the life of the process. Handlers are reset to the default action in
/// a child at `exec`, so children keep the normal response to the signals.
public final class SignalForwarding: Sendable {
    public static let shared = SignalForwarding()

    private let children = Mutex<Set<Int32>>([])
    private let installed = Mutex(false)

    private init() {}

    /// Installs the handlers for SIGINT and SIGTERM (idempotent).
    public func install() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        wakeDescriptor.store(fds[1], ordering: .sequentiallyConsistent)
        let readEnd = fds[0]
        Thread.detachNewThread { [self] in
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count == 1 else { return }
                let number = Int32(byte)
                for pid in children.withLock({ $0 }) { kill(pid, number) }
            }
        }
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = recordSignal
            #else
            action.__sigaction_u.__sa_handler = recordSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// The first SIGINT or SIGTERM received since `install`, if any.
    public var received: Int32? {
        let number = receivedSignal.load(ordering: .sequentiallyConsistent)
        return number == 0 ? nil : number
    }

    /// Forwards future signals to `pid`; returns the signal already received, if any, which
    /// the caller must pass on itself (the child may have started after the forwarding).
    public func register(_ pid: Int32) -> Int32? {
        children.withLock { _ = $0.insert(pid) }
        return received
    }

    /// Stops forwarding to `pid` (it has exited).
    public func unregister(_ pid: Int32) {
        children.withLock { _ = $0.remove(pid) }
    }

    /// The name of a signal for messages: `SIGINT`, `SIGTERM`, else `signal N`.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGKILL: "SIGKILL"
        default: "signal \(number)"
        }
    }
}

/// The state the handler touches: atomics only (async-signal-safe).
private let receivedSignal = Atomic<Int32>(0)
private let wakeDescriptor = Atomic<Int32>(-1)

private func recordSignal(_ number: Int32) {
    // The first signal names the interruption; every one is forwarded.
    _ = receivedSignal.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
    var byte = UInt8(truncatingIfNeeded: number)
    let saved = errno
    _ = write(wakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
    errno = saved
}
