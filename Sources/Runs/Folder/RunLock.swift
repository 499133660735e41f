import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file, held from `acquire` until `release`
/// (or until the process ends: the kernel drops the lock of a process that dies, even by
/// SIGKILL, so a stale lock file never blocks anyone).
///
/// The holder writes its process id into the file so that whoever finds the lock taken
/// can say who holds it. The descriptor is close-on-exec: child processes (a sweep cell's
/// command) do not inherit the lock. `flock` locks belong to an open file description, so
/// two acquisitions conflict even within one process.
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit { release() }

    /// Takes the lock on `path` (created if missing). With `wait`, blocks while another
    /// process holds it; without, returns `nil` at once when it is taken.
    public static func acquire(_ path: String, wait: Bool) throws(RunError) -> RunLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunError(path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))") }
        while flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw RunError(path: path, reason: "cannot lock: \(String(cString: strerror(code)))")
        }
        // Best effort: the id only makes the message of a process that finds the lock taken better.
        let id = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = id.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        return RunLock(path: path, descriptor: fd)
    }

    /// The process id written by the lock's last holder, if the file names one.
    public static func holder(of path: String) -> Int32? {
        (try? RunFiles.readText(path)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Drops the lock; the file stays (removing it would race with a process about to lock it).
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }
}

extension RunFolder {
    /// `run.lock`: locked by the one process writing the run (see `lockForWriting`).
    var lockPath: String { RunFiles.join(path, "run.lock") }

    /// Takes the run's write lock, or fails at once naming the process that holds it: two
    /// processes writing one run folder (a `--resume` while the run still runs, or two
    /// resumes) would interleave checkpoints and metrics.
    public func lockForWriting() throws(RunError) -> RunLock {
        guard let lock = try RunLock.acquire(lockPath, wait: false) else {
            let holder = RunLock.holder(of: lockPath).map { "pid \($0)" } ?? "pid unknown"
            throw RunError(path: path, reason: "run folder in use by another pushforward process (\(holder)); "
                           + "wait for it to end, or stop it and resume")
        }
        return lock
    }
}

extension RunFolder {
    /// Whether a process holds the run's write lock now. Only reads: a run that never
    /// took the lock (no `run.lock`) is not held.
    public var isLockedForWriting: Bool {
        let fd = openForReading(lockPath)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }
}

/// `open(2)` read-only; at file scope because inside `RunFolder` `open` names `RunFolder.open`.
private func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_CLOEXEC)
}
