import Foundation

/// Reading and writing `run.json` and `config.yaml`.
extension RunFolder {
    /// Writes `run.json` atomically (temporary file + rename): readers, e.g. a sweep's
    /// `collect` on a shared file system, see the old record or the new one, never half.
    func writeRecord(_ record: RunRecord) throws(RunError) {
        try RunFiles.writeAtomically(RunJSON.encode(record, path: recordPath), to: recordPath)
    }

    /// Reads `run.json`; a missing, unreadable or malformed file is a one-line error naming it.
    public func readRecord() throws(RunError) -> RunRecord {
        let text = try RunFiles.readText(recordPath)
        return try RunJSON.decode(RunRecord.self, from: text, path: recordPath)
    }

    /// Writes `config.yaml` with the resolved configuration text (the caller renders it,
    /// e.g. with `LoadedConfig.resolvedYAML()`). Written once: an existing file is an error,
    /// since the configuration of a run must not change under its checkpoints.
    public func writeConfig(_ yaml: String) throws(RunError) {
        guard !RunFiles.exists(configPath) else {
            throw RunError(path: configPath, reason: "already exists; a run's configuration is written once")
        }
        try RunFiles.writeAtomically(yaml.hasSuffix("\n") ? yaml : yaml + "\n", to: configPath)
    }

    /// The text of `config.yaml`.
    public func readConfig() throws(RunError) -> String {
        try RunFiles.readText(configPath)
    }

    /// Writes `value` as `<name>` in the run's folder (pretty JSON, atomically); returns
    /// the file's path. For a run's own result file, e.g. a composition's `compose.json`.
    @discardableResult
    public func writeJSON(_ value: some Encodable, name: String) throws(RunError) -> String {
        let file = RunFiles.join(path, name)
        try RunFiles.writeAtomically(RunJSON.encode(value, path: file), to: file)
        return file
    }

    /// Reads `<name>` written by `writeJSON`; a missing or malformed file is one line naming it.
    public func readJSON<T: Decodable>(_ type: T.Type, name: String) throws(RunError) -> T {
        let file = RunFiles.join(path, name)
        return try RunJSON.decode(T.self, from: RunFiles.readText(file), path: file)
    }
}

/// Finding runs, for a sweep that gives each cell its own runs root.
extension RunFolder {
    /// The status in `run.json`, or `nil` when the record is missing or unreadable
    /// (a run killed before its first record).
    public var recordedStatus: RunRecord.Status? {
        try? readRecord().status
    }

    /// The run folders under `root` (`<root>/<date>/<name>` holding `run.json` or
    /// `config.yaml`), oldest first: dates and start times sort as text.
    public static func all(under root: String) throws(RunError) -> [RunFolder] {
        var runs: [RunFolder] = []
        for day in try RunFiles.contents(of: root) where RunFiles.isFolder(RunFiles.join(root, day)) {
            for name in try RunFiles.contents(of: RunFiles.join(root, day)) {
                if let run = try? RunFolder.open(RunFiles.join(RunFiles.join(root, day), name)) { runs.append(run) }
            }
        }
        return runs
    }
}
