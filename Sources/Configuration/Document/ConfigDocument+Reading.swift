#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension ConfigDocument {
    /// The bytes of an input file (configuration, scene, sweep, request), with one-line
    /// errors naming `path` and the system's own reason: no such file, a folder,
    /// permission denied.
    ///
    /// Read with `open`/`read` rather than Foundation, which refuses anything but a
    /// regular file and says "you don't have permission" for `/dev/null`: a device or a
    /// pipe (`<(...)`) is read like a file, so `/dev/null` is simply empty.
    public static func readBytes(_ path: String) throws(ConfigError) -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ConfigError("\(path): no such file")
        }
        guard !isFolder.boolValue else {
            throw ConfigError("\(path): is a folder, not a file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ConfigError("\(path): cannot read the file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw ConfigError("\(path): cannot read the file (\(String(cString: strerror(errno))))") }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
        }
    }
}
