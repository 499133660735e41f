/// One evaluation's folder, `eval/<step>/` (the step zero-padded like checkpoints):
///
///     summary.json    EvaluationSummary
///     episodes.csv    one EpisodeRecord per row
///     videos/         ep<index>_<success|failure>.gif
public struct EvaluationFolder: Sendable, Hashable {
    let path: String
    /// The checkpoint step evaluated.
    let step: Int

    /// `eval/<step>/`, or `eval/<step>-<label>/` for a labelled evaluation (another
    /// sampler, more episodes) that must not replace the training run's own.
    public init(run: RunFolder, step: Int, label: String? = nil) {
        self.step = step
        let name = Checkpoints.folderName(step: step) + (label.map { "-\($0)" } ?? "")
        path = RunFiles.join(run.path(of: .eval), name)
    }

    public var summaryPath: String { RunFiles.join(path, "summary.json") }
    var episodesPath: String { RunFiles.join(path, "episodes.csv") }
    var videosPath: String { RunFiles.join(path, "videos") }

    /// The header of `episodes.csv`.
    static let episodeColumns = ["index", "seed", "success", "length", "max_coverage", "final_coverage", "mode"]

    /// Writes `summary.json` atomically (creating the folder).
    public func writeSummary(_ summary: EvaluationSummary) throws(RunError) {
        try RunFiles.createFolder(path)
        try RunFiles.writeAtomically(RunJSON.encode(summary, path: summaryPath), to: summaryPath)
    }

    /// Writes `value` as `<name>` (pretty JSON) atomically, creating the folder; returns
    /// the file's path. For results other than an evaluation's summary (steerability).
    @discardableResult
    public func writeJSON(_ value: some Encodable, name: String) throws(RunError) -> String {
        let file = RunFiles.join(path, name)
        try RunFiles.createFolder(path)
        try RunFiles.writeAtomically(RunJSON.encode(value, path: file), to: file)
        return file
    }

    /// Reads `summary.json`; a missing or corrupt file is one line naming it.
    public func readSummary() throws(RunError) -> EvaluationSummary {
        try RunJSON.decode(EvaluationSummary.self, from: RunFiles.readText(summaryPath), path: summaryPath)
    }

    /// Writes `episodes.csv` atomically: a header, then one row per episode; `success` is
    /// `true`/`false`, a missing coverage an empty field.
    ///
    /// The GIFs of an earlier evaluation written into this folder (`render` twice, the
    /// second time with fewer episodes) are removed: they would show episodes the new
    /// table does not describe. The caller writes this evaluation's GIFs afterwards.
    public func writeEpisodes(_ records: [EpisodeRecord]) throws(RunError) {
        try RunFiles.createFolder(path)
        if RunFiles.exists(videosPath) { try RunFiles.remove(videosPath) }
        var text = CSVTable.line(Self.episodeColumns)
        for r in records {
            text += CSVTable.line([String(r.index), String(r.seed), r.success ? "true" : "false", String(r.length),
                                   CSVTable.number(r.maxCoverage), CSVTable.number(r.finalCoverage), r.mode])
        }
        try RunFiles.writeAtomically(text, to: episodesPath)
    }

    /// The path of an episode's GIF, creating `videos/`: `videos/ep<index>_<success|failure>.gif`.
    public func videoPath(index: Int, success: Bool) throws(RunError) -> String {
        try RunFiles.createFolder(videosPath)
        return RunFiles.join(videosPath, "ep\(index)_\(success ? "success" : "failure").gif")
    }
}

extension RunFolder {
    /// The evaluation folder of checkpoint `step` (not created until written to).
    public func evaluation(step: Int) -> EvaluationFolder {
        EvaluationFolder(run: self, step: step)
    }

    /// The steps with an evaluation folder, ascending.
    public func evaluatedSteps() throws(RunError) -> [Int] {
        try RunFiles.contents(of: path(of: .eval))
            .filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
            .compactMap { Int($0) }
            .sorted()
    }
}
