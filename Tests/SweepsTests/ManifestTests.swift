import Foundation
import Testing
@testable import Sweeps

@Suite struct ManifestTests {
    static let sweep = "command: eval\nbase: runs/x\ngrid: {sampler.steps: [2, 5, 10]}\nseeds: [1, 2]\n"

    @Test func roundTripAndSameBytesEveryTime() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try SweepPlan(SweepFile.load(folder.write(Self.sweep, to: "s.yaml"), out: folder.file("out")))
        try Manifest.write(plan)
        let bytes = try folder.read("out/manifest.jsonl")
        #expect(bytes.split(separator: "\n").count == 6)
        #expect(try Manifest.read(for: plan.file) == plan.cells)
        try Manifest.write(plan)
        #expect(try folder.read("out/manifest.jsonl") == bytes)
    }

    @Test func handWrittenLinesEqualJSONEncoderOutput() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for seed in ["7", nil] {
            let cell = SweepCell(index: 12, name: "a\"b", folder: "runs/x/cells/a", base: "C:\\x/é.yaml",
                                 overrides: ["k=line\nbreak\ttab\u{01}", "s='q'"], seed: seed,
                                 command: ["pushforward", "eval", "{a: [1, 2]}"], sweep: "s", sweepHash: "00ff")
            var line = ""
            cell.appendJSONLine(to: &line)
            #expect(line == String(decoding: try encoder.encode(cell), as: UTF8.self) + "\n")
            #expect(try JSONDecoder().decode(SweepCell.self, from: Data(line.utf8)) == cell)
        }
    }

    @Test func aManifestOfAnotherSweepFileIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try SweepPlan(SweepFile.load(folder.write(Self.sweep, to: "s.yaml"), out: folder.file("out")))
        try Manifest.write(plan)
        let other = try SweepPlan(SweepFile.load(folder.write(Self.sweep + "# changed\n", to: "t.yaml"), out: folder.file("out")))
        let readError = #expect(throws: SweepError.self) { try Manifest.read(for: other.file) }
        #expect(readError?.description.contains("planned from another sweep file") == true)
        let writeError = #expect(throws: SweepError.self) { try Manifest.write(other) }
        #expect(writeError?.description.contains("--replan") == true)
        try Manifest.write(other, replace: true)
        #expect(try Manifest.read(for: other.file).first?.sweepHash == other.file.hash)
    }

    @Test func aDamagedManifestNamesItsLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = try SweepPlan(SweepFile.load(folder.write(Self.sweep, to: "s.yaml"), out: folder.file("out")))
        try Manifest.write(plan)
        let lines = try folder.read("out/manifest.jsonl").split(separator: "\n")
        try folder.write(lines[0] + "\n" + lines[1].prefix(40) + "\n", to: "out/manifest.jsonl")
        let error = #expect(throws: SweepError.self) { try Manifest.read(for: plan.file) }
        #expect(error?.description.hasSuffix("manifest.jsonl:2: not a manifest line (a cell of pushforward sweep plan)") == true)
    }
}
