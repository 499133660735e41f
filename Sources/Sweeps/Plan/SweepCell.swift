/// One cell of a sweep: one command with its overrides, run in its own folder. This is
/// one line of `manifest.jsonl`.
public struct SweepCell: Sendable, Hashable, Codable {
    /// Position in the plan: bases outermost, then the grid keys, the zip, seeds innermost.
    public var index: Int
    /// Stable and unique within the sweep (see `CellName`).
    public var name: String
    /// The cell's folder: `cell.log`, `done.json`, and the run folders of train and steer cells.
    public var folder: String
    /// The configuration file (train, steer) or run folder (eval).
    public var base: String
    /// The swept overrides, `key=value`, in the sweep file's order (not the seed).
    public var overrides: [String]
    /// The seed override's value, if the sweep has seeds.
    public var seed: String?
    /// The exact command line, `pushforward ...`; a worker runs it with its own binary.
    public var command: [String]
    /// The sweep's name and the hash of the sweep file this was planned from.
    public var sweep: String
    public var sweepHash: String

    enum CodingKeys: String, CodingKey {
        case index, name, folder, base, overrides, seed, command, sweep
        case sweepHash = "sweep_hash"
    }

    /// The label of an eval cell's evaluation folder (`eval/<step>-<label>/` in its run).
    public var evaluationLabel: String { Self.evaluationLabel(sweep: sweep, name: name, folder: folder) }

    /// `sweep-<sweep>-<cell>-<6 hex of the cell folder>`: two sweep folders of one sweep
    /// file (another `--out`) evaluating the same run must not share results.
    static func evaluationLabel(sweep: String, name: String, folder: String) -> String {
        "sweep-\(sweep)-\(name)-" + SweepHash.fnv1a(Array(folder.utf8)).prefix(6)
    }

    /// The configuration this cell is one seed of: base and swept overrides.
    public var configuration: [String] { [base] + overrides }
}
