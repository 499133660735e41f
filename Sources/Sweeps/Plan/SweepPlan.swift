import Configuration
import Runs

/// A sweep expanded into its cells: every combination of bases, grid values, zip
/// positions and seeds, in a fixed order, each with a stable name and its exact command.
///
/// Planning does no work and starts nothing; `check` asks the command's own
/// configuration type about every value before anything runs.
public struct SweepPlan: Sendable {
    public var file: SweepFile
    public var cells: [SweepCell]

    /// The folder of all cell folders.
    public var cellsFolder: String { RunFiles.join(file.out, "cells") }

    /// Expands `file`; two cells with one name (values that differ only in characters a
    /// name cannot hold) are an error naming both.
    public init(_ file: SweepFile) throws(SweepError) {
        self.file = file
        let sweptKeys = file.axes.flatMap(\.keys)
        let labels = CellName.labels(for: sweptKeys)
        let fixed = file.fixed.map { "\($0.key)=\($0.value.overrideText)" }
        let seeds: [ConfigValue?] = file.seeds.isEmpty ? [nil] : file.seeds
        let cellsFolder = RunFiles.join(file.out, "cells")
        var cells: [SweepCell] = []
        var names: [String: Int] = [:]
        var position = [Int](repeating: 0, count: file.axes.count)
        cells.reserveCapacity(file.bases.count * file.axes.reduce(1) { $0 * $1.values.count } * seeds.count)
        for base in file.bases {
            let basePath = base.scalarText ?? ""
            let baseWord: [String] = file.bases.count > 1 ? [CellName.base(basePath)] : []
            position = position.map { _ in 0 }
            repeat {
                var overrides: [String] = []
                var words = baseWord
                for (axis, at) in zip(file.axes, position) {
                    for (key, value) in zip(axis.keys, axis.values[at]) {
                        overrides.append("\(key)=\(value.overrideText)")
                        words.append("\(labels[key] ?? key)-\(value.compactText)")
                    }
                }
                for seed in seeds {
                    let seedText = seed?.overrideText
                    let name = CellName.join(words + (seed.map { ["s\($0.compactText)"] } ?? []))
                    if let other = names[name] {
                        throw SweepError("\(file.path): duplicate cell: cells \(other) and \(cells.count) are both named '\(name)'; make the values differ in letters or digits")
                    }
                    names[name] = cells.count
                    let folder = RunFiles.join(cellsFolder, name)
                    let sweep = file.name
                    var command = ["pushforward", file.command.rawValue, basePath] + fixed + overrides
                    if let seedText { command.append("\(file.seedKey)=\(seedText)") }
                    command.append("threads=\(file.threads)")
                    switch file.command {
                    case .train, .steer, .compose: command += ["--runs", folder]
                    case .eval: command += ["--label", SweepCell.evaluationLabel(sweep: sweep, name: name, folder: folder)]
                    }
                    cells.append(SweepCell(index: cells.count, name: name, folder: folder, base: basePath,
                                           overrides: overrides, seed: seed?.scalarText ?? seedText, command: command,
                                           sweep: sweep, sweepHash: file.hash))
                }
            } while Self.advance(&position, limits: file.axes.map(\.values.count))
        }
        self.cells = cells
    }

    /// The next combination, last axis fastest; `false` after the last one.
    private static func advance(_ position: inout [Int], limits: [Int]) -> Bool {
        var axis = position.count - 1
        while axis >= 0 {
            position[axis] += 1
            if position[axis] < limits[axis] { return true }
            position[axis] = 0
            axis -= 1
        }
        return false
    }

    /// Asks `check(command, base, overrides)` — the command's own configuration loader —
    /// about each base alone, then each fixed, swept and seed value on its base, then the
    /// first cell whole. Checking values one by one places an error on the sweep file's
    /// line of the value at fault and keeps planning fast however many cells there are;
    /// a combination that only fails together fails in its own cell, with its log.
    public func check(_ check: (SweepFile.Command, String, [String]) throws -> Void) throws(SweepError) {
        let threads = "threads=\(file.threads)"
        for base in file.bases {
            let path = base.scalarText ?? ""
            func ask(_ overrides: [String], about value: ConfigValue, _ what: String) throws(SweepError) {
                do {
                    try check(file.command, path, overrides + [threads])
                } catch {
                    let onBase = file.bases.count > 1 && what != "base" ? " (base \(path))" : ""
                    throw SweepError(value.error("\(what)\(onBase): \(error)"))
                }
            }
            try ask([], about: base, "base")
            for (key, value) in file.fixed {
                try ask(["\(key)=\(value.overrideText)"], about: value, "set '\(key)'")
            }
            for axis in file.axes {
                for values in axis.values {
                    let overrides = zip(axis.keys, values).map { "\($0)=\($1.overrideText)" }
                    try ask(overrides, about: values[0], axis.keys.count == 1 ? "grid '\(axis.keys[0])'" : "zip '\(axis.keys.joined(separator: ", "))'")
                }
            }
            for seed in file.seeds {
                try ask(["\(file.seedKey)=\(seed.overrideText)"], about: seed, "seed '\(file.seedKey)'")
            }
            if let first = cells.first(where: { $0.base == path }) {
                // The command's overrides: after `pushforward <command> <base>`, up to the
                // `threads=` that `ask` adds again (the options follow it).
                let overrides = Array(first.command.dropFirst(3).prefix { !$0.hasPrefix("--") }.dropLast())
                try ask(overrides, about: base, "cell '\(first.name)'")
            }
        }
    }
}
