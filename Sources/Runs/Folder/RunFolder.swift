import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run's folder, `runs/<date>/<time>_<task>_<policy>_s<seed>/`, and the paths in it:
///
///     config.yaml   run.json   metrics/   checkpoints/   eval/   plots/
///
/// A new run never reuses a folder: if the name is taken (two runs started in the same
/// second, or sweep tasks on a shared file system) a suffix `-2`, `-3`, ... is added.
/// The subfolders are created on demand, so a run that never evaluates has no `eval/`.
public struct RunFolder: Sendable, Hashable {
    /// The run's folder, as given or created (relative paths stay relative).
    public let path: String

    /// Wraps a path without checking it; use `create` or `open` in commands.
    init(uncheckedPath path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The subfolders of a run.
    public enum Subfolder: String, Sendable, CaseIterable {
        case metrics, checkpoints, eval, plots
    }

    /// Creates a new run folder `<root>/<YYYY-MM-DD>/<HHMMSS>_<task>_<policy>_s<seed>[-n]`.
    ///
    /// - Parameters:
    ///   - root: the folder holding all runs (`runs` by default; tests pass a temporary one).
    ///   - now: the start time, named in the local time of `timeZone` (injectable for tests).
    /// Names are cleaned so they stay one path component: anything but letters, digits,
    /// `-` and `.` becomes `-` (the `_` is the field separator).
    public static func create(task: String, policy: String, seed: UInt64, root: String = "runs",
                              now: Date = Date(), timeZone: TimeZone = .current) throws(RunError) -> RunFolder {
        let stamp = timestamp(now, timeZone: timeZone)
        let day = RunFiles.join(root, stamp.date)
        try RunFiles.createFolder(day)
        let base = "\(stamp.time)_\(component(task))_\(component(policy))_s\(seed)"
        // mkdir either creates the folder or fails with EEXIST, atomically, so two
        // processes racing for the same name cannot both get it.
        for attempt in 1...10_000 {
            let candidate = RunFiles.join(day, attempt == 1 ? base : "\(base)-\(attempt)")
            if mkdir(candidate, 0o755) == 0 { return RunFolder(uncheckedPath: candidate) }
            guard errno == EEXIST else {
                throw RunError(path: candidate, reason: "cannot create the run folder: \(String(cString: strerror(errno)))")
            }
        }
        throw RunError(path: RunFiles.join(day, base), reason: "cannot create the run folder: 10000 runs with this name already exist")
    }

    /// Opens an existing run folder (for `--resume` and `eval <run>`); it must hold
    /// `run.json` or `config.yaml`.
    public static func open(_ path: String) throws(RunError) -> RunFolder {
        let run = RunFolder(uncheckedPath: path)
        guard RunFiles.exists(run.path) else {
            throw RunError(path: run.path, reason: "no such run folder")
        }
        guard RunFiles.isFolder(run.path) else {
            throw RunError(path: run.path, reason: "not a run folder (a file; expected runs/<date>/<time>_<task>_<policy>_s<seed>/)")
        }
        guard RunFiles.exists(run.recordPath) || RunFiles.exists(run.configPath) else {
            throw RunError(path: run.path, reason: "not a run folder (no run.json or config.yaml)")
        }
        return run
    }

    /// `config.yaml`: the resolved configuration, written once.
    public var configPath: String { RunFiles.join(path, "config.yaml") }
    /// `run.json`: version, command line, status and timings.
    var recordPath: String { RunFiles.join(path, "run.json") }

    /// The path of a subfolder, without creating it.
    func path(of subfolder: Subfolder) -> String {
        RunFiles.join(path, subfolder.rawValue)
    }

    /// The path of a subfolder, created if missing.
    @discardableResult
    public func folder(_ subfolder: Subfolder) throws(RunError) -> String {
        let folder = path(of: subfolder)
        try RunFiles.createFolder(folder)
        return folder
    }

    /// The run's date folder and time name parts: `YYYY-MM-DD` and `HHMMSS`.
    static func timestamp(_ date: Date, timeZone: TimeZone) -> (date: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let year = String(c.year ?? 0)
        return ("\(String(repeating: "0", count: max(0, 4 - year.count)) + year)-\(two(c.month))-\(two(c.day))",
                "\(two(c.hour))\(two(c.minute))\(two(c.second))")
    }

    /// A task or policy name as one path component free of the `_` separator.
    static func component(_ name: String) -> String {
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "-" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "unnamed" : cleaned
    }
}
