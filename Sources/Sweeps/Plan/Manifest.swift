import Foundation
import Runs

/// `<out>/manifest.jsonl`: one `SweepCell` per line, in index order, each carrying the
/// hash of the sweep file it was planned from. Written atomically; the same sweep file
/// always gives the same bytes.
public enum Manifest {
    public static func path(in out: String) -> String { RunFiles.join(out, "manifest.jsonl") }

    /// Writes the plan's manifest (creating the sweep folder). An existing manifest of
    /// another sweep file is refused unless `replace` (its cells' folders stay; a cell
    /// whose command changed runs again).
    public static func write(_ plan: SweepPlan, replace: Bool = false) throws(SweepError) {
        let path = path(in: plan.file.out)
        if !replace, let existing = try? readHash(path), existing != plan.file.hash {
            throw SweepError("\(path): planned from another version of \(plan.file.path) (or another sweep file); pass --replan to plan again over it, or choose another --out")
        }
        var text = ""
        text.reserveCapacity(plan.cells.count * 400)
        for cell in plan.cells { cell.appendJSONLine(to: &text) }
        do {
            try RunFiles.createFolder(plan.file.out)
            try RunFiles.writeAtomically(text, to: path)
        } catch {
            throw SweepError(error)
        }
    }

    /// Reads the manifest of `file` and checks it was planned from this very file.
    public static func read(for file: SweepFile) throws(SweepError) -> [SweepCell] {
        let path = path(in: file.out)
        guard RunFiles.exists(path) else {
            throw SweepError("\(path): no manifest; run 'pushforward sweep plan \(file.path)' first")
        }
        let cells = try read(path)
        if let foreign = cells.first(where: { $0.sweepHash != file.hash }) {
            throw SweepError("\(path): planned from another sweep file (hash \(foreign.sweepHash), \(file.path) has \(file.hash)); plan again with 'pushforward sweep plan \(file.path) --replan' or choose another --out")
        }
        return cells
    }

    /// The cells of a manifest file; a line that is not a cell is an error naming it.
    static func read(_ path: String) throws(SweepError) -> [SweepCell] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SweepError("\(path): cannot read the manifest")
        }
        let decoder = JSONDecoder()
        var cells: [SweepCell] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            guard let cell = try? decoder.decode(SweepCell.self, from: Data(line.utf8)) else {
                throw SweepError("\(path):\(number + 1): not a manifest line (a cell of pushforward sweep plan)")
            }
            guard cell.index == cells.count else {
                throw SweepError("\(path):\(number + 1): cell index \(cell.index) out of order (expected \(cells.count))")
            }
            cells.append(cell)
        }
        guard !cells.isEmpty else { throw SweepError("\(path): the manifest is empty; plan the sweep again") }
        return cells
    }

    /// The sweep hash of the first line only: every line carries the same one, and
    /// re-planning a large sweep should not decode the whole old manifest.
    private static func readHash(_ path: String) throws -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var line = Data()
        while let chunk = try handle.read(upToCount: 4096), !chunk.isEmpty {
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                line.append(chunk[chunk.startIndex..<newline])
                break
            }
            line.append(chunk)
        }
        return try JSONDecoder().decode(SweepCell.self, from: line).sweepHash
    }
}
