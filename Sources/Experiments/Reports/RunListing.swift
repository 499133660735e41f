import Foundation
import Runs

/// `pushforward runs [folder]`: the run folders under a folder, oldest first, with what
/// each is, how it stands and how much disk it takes.
///
///     started              kind     task     status     success     size  run
///     2026-12-01 02:10:05  train    reach    completed   75.0 %  1.23 MiB  runs/2026-12-01/021005_reach_diffusion_s3
///
/// Run folders are found at any depth (a sweep's cells keep theirs in
/// `<sweep>/cells/<cell>/<date>/`); a run inside a sweep cell is of kind `sweep`. A run whose
/// `run.json` says `running` while no process holds its lock was killed: its status
/// reads `killed`. Sizes are measured now, as `du` counts them.
public struct RunListing: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        /// When the run first started (from `run.json`), or nil when it has no record.
        public var started: Date?
        /// `train`, `steer`, `compose`, `quickstart`, `sweep`, or `?`.
        public var kind: String
        /// The task (scene) name from the folder name.
        public var task: String
        public var status: String
        /// The final evaluation's success rate in [0, 1], when recorded.
        public var finalSuccess: Double?
        public var sizeBytes: Int64
    }

    public var root: String
    public var entries: [Entry]

    /// Folder levels searched below `root` (a sweep cell's run is 5 below `runs/`).
    static let maxDepth = 7

    /// Lists the run folders under `root`; a missing root, or a file, is an error naming it.
    public static func load(_ root: String) throws -> RunListing {
        guard RunFiles.exists(root) else {
            throw UserFacingError("\(root): no such folder (runs are written to runs/ of the folder a command ran in, or to --runs)")
        }
        guard RunFiles.isFolder(root) else {
            throw UserFacingError("\(root): not a folder (a file); name the folder that holds run folders, e.g. runs")
        }
        var entries: [Entry] = []
        try collect(root, depth: 0, into: &entries)
        entries.sort { ($0.started ?? .distantPast, $0.path) < ($1.started ?? .distantPast, $1.path) }
        return RunListing(root: root, entries: entries)
    }

    private static func collect(_ folder: String, depth: Int, into entries: inout [Entry]) throws {
        guard depth <= maxDepth else { return }
        if depth > 0, let run = try? RunFolder.open(folder) {
            entries.append(entry(run))
            return
        }
        for name in try RunFiles.contents(of: folder) where !name.hasPrefix(".") {
            let child = RunFiles.join(folder, name)
            if RunFiles.isFolder(child) { try collect(child, depth: depth + 1, into: &entries) }
        }
    }

    static func entry(_ run: RunFolder) -> Entry {
        let record = try? run.readRecord()
        let name = run.path.split(separator: "/").last.map(String.init) ?? run.path
        let fields = name.split(separator: "_")
        let task = fields.count >= 4 ? String(fields[1]) : "?"
        // <cell>/<date>/<run>: the cell folder holds the sweep's cell.log.
        let cell = RunFiles.parent(of: RunFiles.parent(of: run.path))
        let inSweep = !cell.isEmpty && RunFiles.exists(RunFiles.join(cell, "cell.log"))
        let command = record?.command.dropFirst().first ?? "?"
        let kind = inSweep ? "sweep" : (["train", "steer", "compose", "quickstart"].contains(command) ? command : "?")
        var status = record?.status.rawValue ?? "no run.json"
        if record?.status == .running && !run.isLockedForWriting { status = "killed" }
        return Entry(path: run.path, started: record?.started, kind: kind, task: task, status: status,
                     finalSuccess: record?.notes["final_success_rate"].flatMap(Double.init),
                     sizeBytes: RunFiles.diskUsage(of: run.path))
    }

    /// The table, one run per line, and a total.
    public func table(timeZone: TimeZone = .current) -> String {
        guard !entries.isEmpty else { return "no run folders under \(root)" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let header = ["started", "kind", "task", "status", "success", "size", "run"]
        let rows = entries.map { entry in
            [entry.started.map(formatter.string(from:)) ?? "?", entry.kind, entry.task, entry.status,
             entry.finalSuccess.map { String(format: "%.1f %%", $0 * 100) } ?? "-",
             RunFiles.humanSize(entry.sizeBytes), entry.path]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        // Numbers right-aligned, text left-aligned; the last column unpadded.
        let right: Set<Int> = [4, 5]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                if column == cells.count - 1 { return cell }
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return right.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        let total = entries.map(\.sizeBytes).reduce(0, +)
        return ([line(header)] + rows.map(line) + ["\(entries.count) run\(entries.count == 1 ? "" : "s"), \(RunFiles.humanSize(total)) on disk"])
            .joined(separator: "\n")
    }
}
