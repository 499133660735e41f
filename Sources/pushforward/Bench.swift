import ArgumentParser
import Experiments
import Foundation
import Runs

/// `pushforward bench`: the performance suite of `specs/benchmarks.md`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput and latency (median of repeated runs after a warm-up).")

    @Flag(help: "Run a reduced set that finishes in under a minute.")
    var quick = false

    @Option(help: "Run only this group (\((BenchmarkSuite.groups + BenchmarkSuite.onRequest).map(\.name).joined(separator: ", ")); fuzz runs only when named).")
    var only: String?

    @Option(help: "Also write one JSON object per figure to this file.")
    var json: String?

    func run() throws {
        let groups = try only.map { [try BenchmarkSuite.group(named: $0)] } ?? BenchmarkSuite.groups
        // The figures take minutes to measure: a --json path that cannot be written is
        // refused before the first one.
        if let json { try Self.checkWritable(json) }
        let options = BenchmarkOptions(quick: quick, threadCounts: [1, 2])
        var figures: [BenchmarkFigure] = []
        print(Self.columns("figure", "value", "unit", "threads", "note"))
        for group in groups {
            print("# \(group.name): \(group.summary)")
            try group.run(options) { figure in
                figures.append(figure)
                print(Self.row(figure))
                FileHandle.standardOutput.synchronizeFile()
            }
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let lines = try figures.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            let folder = RunFiles.parent(of: json)
            do {
                if !folder.isEmpty { try RunFiles.createFolder(folder) }
                try RunFiles.writeAtomically(lines.joined(separator: "\n") + "\n", to: json)
            } catch {
                throw UserFacingError("--json: \(error)")
            }
        }
    }

    /// Fails unless `path` can become a file: not a folder, and no file where one of its
    /// folders must go (missing folders are created when writing).
    private static func checkWritable(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw UserFacingError("--json \(path): is a folder; give a file name, e.g. --json \(path)/bench.jsonl")
        }
        var folder = RunFiles.parent(of: path)
        while !folder.isEmpty, folder != "/" {
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw UserFacingError("--json \(path): \(folder) is a file, not a folder") }
                return
            }
            folder = RunFiles.parent(of: folder)
        }
    }

    private static func row(_ f: BenchmarkFigure) -> String {
        let value = f.value >= 1000 ? String(format: "%.0f", f.value) : String(format: "%.4g", f.value)
        return columns(f.name, value, f.unit, String(f.threads), f.note ?? "")
    }

    private static func columns(_ name: String, _ value: String, _ unit: String, _ threads: String, _ note: String) -> String {
        func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return left ? fill + s : s + fill
        }
        return "\(pad(name, 36)) \(pad(value, 12, left: true))  \(pad(unit, 12)) \(pad(threads, 7, left: true))  \(note)"
    }
}
