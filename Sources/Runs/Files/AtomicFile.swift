#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Whole-file writes that never leave a half-written file behind.
///
/// The bytes go to a uniquely named temporary file in the destination's folder (same file
/// system, so the final `rename` is atomic), are flushed to disk, and only then replace the
/// destination. On any failure the temporary file is removed and the destination is untouched.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(RenderingError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw RenderingError(path: path, reason: "not a file name") }
        // mkstemp picks an unused name and opens it exclusively.
        var template = Array("\(folder.isEmpty ? "" : folder)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RenderingError(path: path, reason: systemError()) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = writeAll(bytes, to: fd)
        // mkstemp creates 0600; images are ordinary user files.
        if failure == nil, fchmod(fd, 0o644) != 0 { failure = systemError() }
        if failure == nil, fsync(fd) != 0 { failure = systemError() }
        if close(fd) != 0, failure == nil { failure = systemError() }
        if let failure {
            unlink(temporary)
            throw RenderingError(path: path, reason: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw RenderingError(path: path, reason: reason)
        }
    }

    /// Writes every byte, retrying short writes; returns the error text on failure.
    /// Shared by the metrics log's appends.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return systemError()
                }
                offset += n
            }
            return nil
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
