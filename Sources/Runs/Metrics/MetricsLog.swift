import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(path, flags, mode) }
private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif

/// An append-only JSONL file of metrics rows: `metrics/train.jsonl` or `metrics/eval.jsonl`.
///
/// Each row goes to the kernel in a single `write(2)` of the whole line, newline last,
/// before `append` returns — so a killed process keeps every row it logged, and a crash
/// can at worst leave a last line without its newline, which readers ignore and the next
/// `MetricsLog` on the file cuts off before appending. (No `fsync` per line: surviving
/// a power cut is not worth a disk flush per training step; `close` syncs.)
///
/// Safe to share between threads: rows from concurrent `append`s never interleave.
public final class MetricsLog: Sendable {
    /// Which log of a run.
    public enum Kind: String, Sendable, CaseIterable {
        case train, eval, steer
        /// The log's path inside a run folder.
        public func path(in run: RunFolder) -> String {
            RunFiles.join(run.path(of: .metrics), "\(rawValue).jsonl")
        }
    }

    /// The file written.
    let path: String
    /// The open descriptor, or -1 once closed.
    private let descriptor: Mutex<Int32>

    /// Opens (creating `metrics/`) the run's `kind` log for appending.
    public convenience init(run: RunFolder, _ kind: Kind) throws(RunError) {
        try run.folder(.metrics)
        try self.init(path: kind.path(in: run))
    }

    /// Opens `path` for appending, creating it if missing; a partial last line left by a
    /// crash is cut off first so the next row starts on a line of its own.
    init(path: String) throws(RunError) {
        self.path = path
        let fd = systemOpen(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunError(path: path, reason: "cannot open for appending: \(Self.systemError())") }
        descriptor = Mutex(fd)
        do {
            try Self.dropPartialLastLine(fd: fd, path: path)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Appends one row as a line of JSON.
    public func append(_ row: MetricsRow) throws(RunError) {
        let line = Array((row.jsonLine + "\n").utf8)
        let failure: String? = descriptor.withLock { fd in
            guard fd >= 0 else { return "the log is closed" }
            return AtomicFile.writeAll(line, to: fd)
        }
        if let failure { throw RunError(path: path, reason: "cannot append: \(failure)") }
    }

    /// Flushes to disk and closes; further appends fail. Called by `deinit` too.
    func close() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            fsync(fd)
            _ = systemClose(fd)
            fd = -1
        }
    }

    /// Truncates the file after its last newline (a crash's partial line), if any.
    private static func dropPartialLastLine(fd: Int32, path: String) throws(RunError) {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunError(path: path, reason: "cannot read the log")
        }
        guard data.last != UInt8(ascii: "\n") else { return }
        let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        guard ftruncate(fd, off_t(keep)) == 0 else {
            throw RunError(path: path, reason: "cannot cut off the partial last line: \(systemError())")
        }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
