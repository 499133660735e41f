import Foundation
import Testing
@testable import Sweeps

/// What a sweep file can get wrong: each is one line naming the file, line and key.
@Suite struct SweepFileTests {
    static let head = "command: train\nbase: Configs/reach/diffusion.yaml\n"

    static let cases: [(String, String)] = [
        ("grid: {}", "s.yaml:3: key 'grid': the grid is empty"),
        ("grid: {policy.width: []}", "s.yaml:3: key 'grid.policy.width': the list is empty"),
        ("grid: {policy.width: 64}", "s.yaml:3: key 'grid.policy.width': expected a list of values, found 64"),
        ("grid: {policy.width: [64, 128, 64]}", "s.yaml:3: duplicate cell: 'grid.policy.width' lists 64 twice"),
        ("seeds: [0, 1, 0]", "s.yaml:3: duplicate cell: 'seeds' lists 0 twice"),
        ("zip: {a.b: [1, 2], c.d: [x, x]}\ngrid: {e: [1]}", ""),  // repeats within one zipped key are fine
        ("zip: {a.b: [1, 1], c.d: [x, x]}", "s.yaml:3: duplicate cell: zip position 2 repeats position 1 (1 x)"),
        ("zip: {a.b: [1, 2], c.d: [x]}", "key 'zip.c.d': 1 values, but 'zip.a.b' has 2"),
        ("grid: {seed: [1]}\nseeds: [2]", "s.yaml:4: key 'seed' is swept or set twice"),
        ("grid: {a: [1]}\nset: {a: 2}", "s.yaml:4: key 'a' is swept or set twice"),
        ("set: {threads: 2}", "every cell gets threads= from the sweep's 'threads:' key"),
        ("metrics: [succes_rate]", "unknown metric 'succes_rate'; did you mean 'success_rate'?"),
        ("comand: eval", "s.yaml:3: unknown key 'comand'; did you mean 'command'?"),
        ("executor: {local: {workers: 1}, slurm: {parallel: 2}}", "name one executor, local or slurm, not both"),
        ("executor: {slurm: {paralel: 2}}", "unknown key 'executor.slurm.paralel'; did you mean 'parallel'?"),
        ("threads: 0", "key 'threads': must be at least 1, got 0"),
        ("base: []", "s.yaml:3: key 'base': the list is empty"),
    ]

    @Test(arguments: 0..<cases.count)
    func structuralErrors(_ index: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (extra, message) = Self.cases[index]
        var text = Self.head + extra + "\n"
        if extra.hasPrefix("base:") { text = "command: train\n" + "\n" + extra + "\n" }
        let path = try folder.write(text, to: "s.yaml")
        if message.isEmpty {
            _ = try SweepFile.load(path)
            return
        }
        let error = #expect(throws: SweepError.self) { try SweepFile.load(path) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.split(separator: "\n").count == 1)
    }

    @Test func defaultsNameAndOut() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try SweepFile.load(folder.write(Self.head, to: "my sweep.yaml"))
        #expect(file.name == "my-sweep" && file.out == "runs/sweeps/my-sweep")
        #expect(file.threads == 1 && file.metrics == ["success_rate"] && file.seedKey == "seed")
        #expect(file.executor == .local(workers: 0))
        #expect(file.hash == SweepHash.fnv1a(Array(Self.head.utf8)))
        #expect(SweepHash.fnv1a(Array("a".utf8)) == "af63dc4c8601ec8c")  // the published FNV-1a 64 of "a"
    }
}
