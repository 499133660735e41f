import Configuration
import Foundation
import Runs

/// A sweep file (`Configs/sweeps/*.yaml`): which command every cell runs, on which base
/// configurations (or runs), with which grid of overrides and seeds, what to collect and
/// where to run. Checked for its own structure when loaded; the overrides themselves are
/// checked against the command's configuration type by `SweepPlan.check`.
///
/// ```yaml
/// command: train                       # train | steer | eval | compose
/// base: [Configs/reach/diffusion.yaml]  # configs (train, steer) or run folders (eval)
/// grid: {policy.width: [64, 128]}       # every combination of the keys' values
/// zip: {sampler.method: [ddim, ddpm], sampler.steps: [5, 100]}   # varied together
/// seeds: [0, 1, 2]                      # each sets `seed=` (seedKey)
/// set: {train.steps: 2000}              # the same in every cell
/// threads: 1                            # threads= of each cell
/// metrics: [success_rate]
/// executor: {local: {workers: 2}}       # or {slurm: {partition: ..., time: ..., ...}}
/// ```
public struct SweepFile: Sendable {
    /// What every cell runs.
    public enum Command: String, Decodable, Sendable, CaseIterable {
        /// `pushforward train <base> ...`: a new training run per cell.
        case train
        /// `pushforward steer <base> ...`: a new steering run per cell.
        case steer
        /// `pushforward eval <run> ...`: a labelled evaluation of an existing run per cell.
        case eval
        /// `pushforward compose <file> ...`: a new composition run per cell (weight search and
        /// test; collected from the test of repeat 0, on the evaluation protocol's seeds).
        case compose
    }

    /// One dimension of the grid: a single key and its values, or the zipped keys with
    /// one value each per position.
    public struct Axis: Sendable {
        public var keys: [String]
        /// `values[i][k]` is key `k`'s value at position `i`.
        public var values: [[ConfigValue]]
    }

    /// The path as given; errors and the manifest name it.
    public var path: String
    /// FNV-1a 64 of the file's bytes (hex): a manifest planned from other text is refused.
    public var hash: String
    public var name: String
    public var command: Command
    /// Configuration files (train, steer) or run folders (eval): the first axis.
    public var bases: [ConfigValue]
    public var axes: [Axis]
    public var seeds: [ConfigValue]
    /// The override each seed sets.
    public var seedKey: String
    /// Overrides every cell gets, before the swept ones.
    public var fixed: [(key: String, value: ConfigValue)]
    /// BLAS and environment threads of each cell (`threads=`).
    public var threads: Int
    /// Columns of `sweep.csv` (names in `summary.json`).
    public var metrics: [String]
    /// The sweep's folder: manifest, cell folders, collected results.
    public var out: String
    public var executor: Executor

    /// How the cells are run.
    public enum Executor: Sendable, Hashable {
        /// Worker processes on this machine; 0 workers picks cores / threads.
        case local(workers: Int)
        case slurm(SlurmOptions)
    }

    /// The resources of each array task and how many run at once.
    public struct SlurmOptions: Decodable, Sendable, Hashable {
        public var partition: String?
        /// Wall time of one cell, `HH:MM:SS` or `D-HH:MM:SS`.
        public var time: String?
        /// CPUs per task; the sweep's `threads` when absent.
        public var cpus: Int?
        /// Memory per task, e.g. `4G`.
        public var mem: String?
        /// Array tasks running at once (`%P`).
        public var parallel: Int?
        public var account: String?
        /// Further `#SBATCH` lines, e.g. `--qos=short`.
        public var options: [String]?
    }

    /// The summary fields a sweep can collect (keys of `summary.json`).
    public static let knownMetrics = EvaluationSummary.metricNames

    /// Reads and checks `path`; `out` replaces the file's `out:` when given.
    public static func load(_ path: String, out: String? = nil) throws(SweepError) -> SweepFile {
        let text: String
        let raw: RawSweepFile
        do {
            text = try ConfigDocument.readFile(path)
            raw = try ConfigDocument(yaml: text, name: path).decode(RawSweepFile.self)
        } catch {
            throw SweepError(error)
        }
        return try SweepFile(raw: raw, path: path, hash: SweepHash.fnv1a(Array(text.utf8)), out: out)
    }
}
