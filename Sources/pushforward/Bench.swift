import ArgumentParser
import Experiments
import Foundation

/// `pushforward bench`: the performance suite of `specs/benchmarks.md`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput and latency (median of repeated runs after a warm-up).")

    @Flag(help: "Run a reduced set that finishes in under a minute.")
    var quick = false

    @Option(help: "Run only this group (\(BenchmarkSuite.groups.map(\.name).joined(separator: ", "))).")
    var only: String?

    @Option(help: "Also write one JSON object per figure to this file.")
    var json: String?

    func run() throws {
        let groups = try only.map { [try BenchmarkSuite.group(named: $0)] } ?? BenchmarkSuite.groups
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
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: json), options: .atomic)
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
