import Foundation

/// The layout of a run's `checkpoints/` folder (the tensors in it are written by others,
/// through `NeuralNet.SafeTensors`):
///
///     checkpoints/00001000/model.safetensors ...   one folder per step, 8 digits so they sort
///     checkpoints/latest                           the newest complete step, as text: "1000\n"
///
/// `latest` is a plain text file rather than a symlink: it survives copying to file
/// systems and archives that drop symlinks (some shared cluster storage, zip, Windows),
/// and is still replaced atomically (temporary file + rename). Write it only after a
/// checkpoint's files are complete, so it never names a half-written checkpoint.
public struct Checkpoints: Sendable, Hashable {
    /// The `checkpoints/` folder.
    let path: String

    init(run: RunFolder) {
        path = run.path(of: .checkpoints)
    }

    /// The path of `latest`.
    var latestPath: String { RunFiles.join(path, "latest") }

    /// The folder name of a step: at least 8 digits, zero-padded.
    static func folderName(step: Int) -> String {
        let digits = String(step)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The folder of `step`, whether or not it exists.
    public func path(step: Int) -> String {
        RunFiles.join(path, Self.folderName(step: step))
    }

    /// Creates the folder of `step` (and `checkpoints/`) and returns its path; an
    /// existing folder is reused, so a resumed run can write the same step again.
    @discardableResult
    public func create(step: Int) throws(RunError) -> String {
        guard step >= 0 else { throw RunError(path: path, reason: "checkpoint step must not be negative, got \(step)") }
        let folder = path(step: step)
        try RunFiles.createFolder(folder)
        return folder
    }

    /// The steps that have a folder, ascending; other entries are ignored.
    func steps() throws(RunError) -> [Int] {
        try RunFiles.contents(of: path)
            .filter { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && RunFiles.isFolder(RunFiles.join(path, $0)) }
            .compactMap { Int($0) }
            .sorted()
    }

    /// The step named by `latest`, or `nil` if no checkpoint was completed yet. A
    /// `latest` that is garbled or names a missing folder is an error naming the file.
    public func latest() throws(RunError) -> Int? {
        guard RunFiles.exists(latestPath) else { return nil }
        let text = try RunFiles.readText(latestPath).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let step = Int(text), step >= 0 else {
            throw RunError(path: latestPath, reason: "expected a step number, found '\(text.prefix(40))'")
        }
        guard RunFiles.isFolder(path(step: step)) else {
            throw RunError(path: latestPath, reason: "names step \(step), but \(Self.folderName(step: step))/ is missing")
        }
        return step
    }

    /// Points `latest` at `step`, atomically; the step's folder must exist.
    public func setLatest(_ step: Int) throws(RunError) {
        guard RunFiles.isFolder(path(step: step)) else {
            throw RunError(path: path(step: step), reason: "no such checkpoint folder; write the checkpoint before marking it latest")
        }
        try RunFiles.writeAtomically("\(step)\n", to: latestPath)
    }

    /// Removes all checkpoint folders but the last `count` steps, the steps in `keep`
    /// (e.g. the best one) and the one `latest` names. Returns the removed steps.
    @discardableResult
    public func prune(keepingLast count: Int, alsoKeeping keep: Set<Int> = []) throws(RunError) -> [Int] {
        let all = try steps()
        var kept = keep.union(all.suffix(max(0, count)))
        if let latest = try latest() { kept.insert(latest) }
        let removed = all.filter { !kept.contains($0) }
        for step in removed { try RunFiles.remove(path(step: step)) }
        return removed
    }
}

extension RunFolder {
    /// The run's checkpoint layout.
    public var checkpoints: Checkpoints { Checkpoints(run: self) }

    /// Opens what a user passed to `eval <run|checkpoint>`: a run folder, or one of its
    /// `checkpoints/<step>` folders (then `step` is that step).
    public static func open(runOrCheckpoint path: String) throws(RunError) -> (run: RunFolder, step: Int?) {
        let parts = RunFolder(uncheckedPath: path).path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 3, parts[parts.count - 2] == "checkpoints",
           let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber), let step = Int(last) {
            let runPath = parts.dropLast(2).joined(separator: "/")
            let run = try open(runPath.isEmpty ? "/" : runPath)
            guard RunFiles.isFolder(run.checkpoints.path(step: step)) || RunFiles.isFolder(path) else {
                throw RunError(path: path, reason: "no such checkpoint folder")
            }
            return (run, step)
        }
        return (try open(path), nil)
    }
}
