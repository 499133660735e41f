import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RunFiles {
    /// The bytes `path` occupies on disk, as `du` counts them: allocated blocks (512 bytes
    /// each) of every file and folder below it, symbolic links not followed, each inode
    /// counted once. Entries that vanish or cannot be read while walking count as 0 (a
    /// run may be pruning checkpoints meanwhile).
    public static func diskUsage(of path: String) -> Int64 {
        var seen = Set<[UInt64]>()
        return diskUsage(path, seen: &seen)
    }

    private static func diskUsage(_ path: String, seen: inout Set<[UInt64]>) -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        guard seen.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return 0 }
        var total = Int64(info.st_blocks) * 512
        guard (info.st_mode & S_IFMT) == S_IFDIR, let folder = opendir(path) else { return total }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            total += diskUsage(join(path, name), seen: &seen)
        }
        return total
    }

    /// `bytes` in binary units with three significant figures: `512 B`, `1.50 KiB`, `27.3 MiB`.
    public static func humanSize(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value < 10 ? 2 : value < 100 ? 1 : 0
        return String(format: "%.\(digits)f", value) + " " + units[unit]
    }
}
