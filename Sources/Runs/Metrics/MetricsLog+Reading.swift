/// Loading a log back, and cutting it back for `--resume`.
extension MetricsLog {
    /// The rows of a JSONL file, in order. Blank lines are skipped and a last line without
    /// its newline (a crash mid-write) is ignored; any other bad line is an error naming
    /// the file and line.
    public static func read(_ path: String) throws(RunError) -> [MetricsRow] {
        var rows: [MetricsRow] = []
        for line in try completeLines(of: path) {
            if let row = try parse(line, in: path) { rows.append(row) }
        }
        return rows
    }

    /// The rows of a run's log; a log that was never written reads as no rows.
    public static func read(_ kind: Kind, of run: RunFolder) throws(RunError) -> [MetricsRow] {
        let path = kind.path(in: run)
        return RunFiles.exists(path) ? try read(path) : []
    }

    /// Keeps only the rows with `step <= step` (and rows without a step, which are not
    /// tied to one), so a run resumed from checkpoint `step` does not log its steps twice.
    /// Kept lines are copied byte for byte; the file is replaced atomically. Call it
    /// before opening a `MetricsLog` on the file. Returns the number of rows kept.
    @discardableResult
    public static func truncate(_ path: String, throughStep step: Int) throws(RunError) -> Int {
        try truncate(path) { ($0.step ?? Int.min) <= step }
    }

    /// Keeps only the rows `keep` accepts, byte for byte; replaces the file atomically.
    @discardableResult
    public static func truncate(_ path: String, keeping keep: (MetricsRow) -> Bool) throws(RunError) -> Int {
        guard RunFiles.exists(path) else { return 0 }
        var kept: [String] = []
        for line in try completeLines(of: path) {
            guard let row = try parse(line, in: path) else { continue }
            if keep(row) { kept.append(line.text) }
        }
        try RunFiles.writeAtomically(kept.map { $0 + "\n" }.joined(), to: path)
        return kept.count
    }

    /// A line with its 1-based number, for error messages.
    private struct Line {
        var number: Int
        var text: String
    }

    private static func completeLines(of path: String) throws(RunError) -> [Line] {
        let text = try RunFiles.readText(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The piece after the last newline is either empty or a partial line from a crash.
        lines.removeLast()
        return lines.enumerated().map { Line(number: $0.offset + 1, text: String($0.element)) }
    }

    private static func parse(_ line: Line, in path: String) throws(RunError) -> MetricsRow? {
        guard !line.text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return nil }
        do {
            return try MetricsRow(jsonLine: line.text)
        } catch {
            throw RunError(path: "\(path):\(line.number)", reason: "not a metrics row: \(error.description)")
        }
    }
}
