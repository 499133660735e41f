import Foundation
import Media
import Runs

/// `pushforward sweep collect`: the results of every cell in one table (`sweep.csv`),
/// mean +- standard deviation across seeds per configuration (`summary.md`), and plots of
/// each metric against each swept key (`plots/<metric>_vs_<key>.svg`).
public struct SweepCollection: Sendable {
    public var plan: SweepPlan
    public var results: [CellResult]

    /// Reads every cell of the plan; cells without results are kept, with the reason.
    public init(_ plan: SweepPlan) {
        self.plan = plan
        results = plan.cells.map { CellResult.read($0, command: plan.file.command, metrics: plan.file.metrics) }
    }

    /// The swept dimensions, in the sweep file's order: `base` when there are several, then
    /// every grid and zip key.
    public var sweptKeys: [String] {
        (plan.file.bases.count > 1 ? ["base"] : []) + plan.file.axes.flatMap(\.keys)
    }

    /// A cell's value of a swept key, as written in its override (`base`: the path).
    static func value(of key: String, in cell: SweepCell) -> String {
        if key == "base" { return cell.base }
        let prefix = key + "="
        return cell.overrides.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? ""
    }

    /// The cells without usable results, each with its reason.
    public var problems: [CellResult] { results.filter { $0.state != .complete } }

    /// `sweep.csv`: one row per cell: index, name, state, swept values, seed, final and best
    /// of each metric, the run folder, and the problem if any.
    public func csv() -> String {
        let metrics = plan.file.metrics
        var text = CSVTable.line(["index", "name", "state"] + sweptKeys + ["seed"]
                                 + metrics.flatMap { ["final_\($0)", "best_\($0)"] } + ["run", "problem"])
        for result in results {
            let cell = result.cell
            text += CSVTable.line([String(cell.index), cell.name, result.state.rawValue]
                                  + sweptKeys.map { Self.value(of: $0, in: cell) } + [cell.seed ?? ""]
                                  + metrics.flatMap { [CSVTable.number(result.final[$0]), CSVTable.number(result.best[$0])] }
                                  + [result.run ?? "", result.problem ?? ""])
        }
        return text
    }

    /// One configuration (everything but the seed) and the final metrics of its complete cells.
    public struct Group: Sendable {
        public var configuration: [String]
        public var cells: [CellResult]

        /// Mean and sample standard deviation (0 for one seed) of a final metric; `nil` if no cell has it.
        public func meanAndSD(_ metric: String) -> (mean: Double, sd: Double, count: Int)? {
            let values = cells.compactMap { $0.final[metric] }
            guard !values.isEmpty else { return nil }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = values.count > 1
                ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
            return (mean, sd, values.count)
        }
    }

    /// The configurations in plan order, each with its complete cells.
    public var groups: [Group] {
        var order: [[String]] = []
        var members: [[String]: [CellResult]] = [:]
        for result in results {
            let key = result.cell.configuration
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(contentsOf: result.state == .complete ? [result] : [])
        }
        return order.map { Group(configuration: $0, cells: members[$0] ?? []) }
    }

    /// `summary.md`: a table of each configuration's final metrics, mean +- sd across seeds.
    public func markdown() -> String {
        let metrics = plan.file.metrics
        let seeds = plan.file.seeds.count
        var lines = ["# Sweep `\(plan.file.name)` (\(plan.file.command.rawValue), \(plan.cells.count) cells)", ""]
        lines.append("Final \(metrics.joined(separator: ", ")): mean +- sample standard deviation across "
                     + (seeds > 0 ? "\(seeds) seed\(seeds == 1 ? "" : "s") (`\(plan.file.seedKey)`)" : "cells") + ".")
        lines.append("")
        let keys = sweptKeys
        let header = (keys.isEmpty ? ["configuration"] : keys) + ["n"] + metrics
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
        for group in groups {
            guard let any = results.first(where: { $0.cell.configuration == group.configuration })?.cell else { continue }
            let cells = keys.isEmpty ? [plan.file.bases.first?.scalarText ?? ""] : keys.map { Self.value(of: $0, in: any) }
            let columns = metrics.map { metric -> String in
                guard let stats = group.meanAndSD(metric) else { return "—" }
                return Self.format(stats.mean, metric) + " +- " + Self.format(stats.sd, metric)
            }
            lines.append("| " + (cells.map { "`\($0)`" } + [String(group.cells.count)] + columns).joined(separator: " | ") + " |")
        }
        let problems = self.problems
        if !problems.isEmpty {
            lines += ["", "Cells without results (\(problems.count) of \(results.count)):", ""]
            lines += problems.map { "- `\($0.cell.name)`: \($0.problem ?? $0.state.rawValue)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rates as percentages, other numbers as they are.
    static func format(_ value: Double, _ metric: String) -> String {
        let isRate = metric.hasSuffix("rate") || metric.hasPrefix("wilson") || metric.contains("coverage")
        return isRate ? String(format: "%.1f%%", value * 100) : String(format: "%.3g", value)
    }
}
