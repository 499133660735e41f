import Foundation

/// The file operations run bookkeeping needs, each failing with a `RunError` that names
/// the file. Whole-file writes go through `AtomicFile` (temporary file, fsync, rename), so
/// a reader never sees a half-written `run.json`, `summary.json` or `latest`.
public enum RunFiles {
    public static func writeAtomically(_ text: String, to path: String) throws(RunError) {
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw RunError(path: path, reason: "cannot write: \(error.reason)")
        }
    }

    public static func readText(_ path: String) throws(RunError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = exists(path) ? "cannot read the file" : "no such file"
            throw RunError(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunError(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// Creates `path` and any missing parents; an existing folder is fine. A file where
    /// a folder must go is named in the error (`runs: not a folder (a file is in the way)`).
    public static func createFolder(_ path: String) throws(RunError) {
        var ancestor = path
        while !ancestor.isEmpty, ancestor != "/", ancestor != "." {
            if exists(ancestor) {
                guard isFolder(ancestor) else { throw RunError(path: ancestor, reason: "not a folder (a file is in the way)") }
                break
            }
            ancestor = parent(of: ancestor)
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunError.wrapping(error, path: path, doing: "create the folder")
        }
    }

    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    public static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// The names in a folder, sorted; a missing folder has none.
    public static func contents(of path: String) throws(RunError) -> [String] {
        guard isFolder(path) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw RunError.wrapping(error, path: path, doing: "list the folder")
        }
    }

    public static func remove(_ path: String) throws(RunError) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw RunError.wrapping(error, path: path, doing: "remove")
        }
    }

    /// The folder part of `path` (`a/b/c` -> `a/b`, `c` -> ``, `/c` -> `/`).
    ///
    /// Not `NSString.deletingLastPathComponent`: swift-corelibs-foundation crashes on a
    /// one-character path such as `r` (an illegal instruction inside
    /// `String._startOfLastPathComponent`), which `--runs r` used to reach.
    public static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// `a/b` joined without doubling slashes.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
