import Configuration
import Foundation
import Media
import Runs

/// Evaluated success of several runs side by side (`pushforward compare`): each run's
/// curve from its `metrics/eval.jsonl` (the policy's own evaluations: base, periodic,
/// BC, DAgger, final; not `pushforward eval` rows), grouped by method — a steering run's
/// `method` (dsrl, dsrl-na, residual), a training run's policy family — with each group's
/// mean across its runs.
///
/// The mean is taken evaluation by evaluation (the k-th evaluation of every run of the
/// group, at the mean of their steps): runs of one configuration evaluate on the same
/// schedule, within one round of environment steps.
public struct RunComparison: Sendable {
    public struct Curve: Sendable {
        public var run: String
        public var group: String
        /// (step, success rate, episodes) per evaluation, in step order.
        public var evaluations: [(step: Double, rate: Double, episodes: Int)]
    }

    public var curves: [Curve]

    /// Reads `paths` (run folders); a path that is not a run, or a run without
    /// evaluations, is an error naming it.
    public static func load(_ paths: [String]) throws -> RunComparison {
        guard paths.count >= 1 else { throw UserFacingError("name at least one run folder to compare") }
        let curves = try paths.map { path -> Curve in
            let run = try RunFolder.open(path)
            let rows = try MetricsLog.read(.eval, of: run).filter {
                RunPlots.EvaluationKind(phase: $0["phase"]?.string) == .policy
            }
            let evaluations = rows.compactMap { row -> (step: Double, rate: Double, episodes: Int)? in
                guard let step = row.number("step"), let rate = row.number("success_rate") else { return nil }
                return (step, rate, Int(row.number("episodes") ?? 0))
            }.sorted { $0.step < $1.step }
            guard !evaluations.isEmpty else { throw UserFacingError("\(path): the run has no evaluation yet (metrics/eval.jsonl)") }
            return Curve(run: path, group: try group(of: run), evaluations: evaluations)
        }
        return RunComparison(curves: curves)
    }

    /// A steering run's `method`, or a training run's policy family.
    static func group(of run: RunFolder) throws -> String {
        let text = try run.readConfig()
        if let method = ConfigDocument.topLevelString("method", inYAML: text) { return method }
        let config = try LoadedConfig.load(TrainConfig.self, yaml: text, name: run.configPath, defaults: TrainConfig()).value
        return config.policy.family.rawValue
    }

    /// The groups in the order their first run was named.
    public var groups: [String] {
        curves.reduce(into: [String]()) { if !$0.contains($1.group) { $0.append($1.group) } }
    }

    /// The mean curve of `group`: evaluation k at the mean step and mean rate of the runs
    /// that have a k-th evaluation, as long as all of them do.
    public func mean(of group: String) -> [(step: Double, rate: Double)] {
        let members = curves.filter { $0.group == group }
        let count = members.map(\.evaluations.count).min() ?? 0
        return (0..<count).map { k in
            let n = Double(members.count)
            return (members.map { $0.evaluations[k].step }.reduce(0, +) / n,
                    members.map { $0.evaluations[k].rate }.reduce(0, +) / n)
        }
    }

    /// Each run as a thin dashed line, each group's mean as a solid one in the same colour.
    public func plot(title: String) -> SVGPlot {
        var plot = SVGPlot(title: title, xLabel: "step (environment steps for steering runs)",
                           yLabel: "success rate", yRange: 0...1)
        plot.legendCorner = .bottomRight
        for (index, group) in groups.enumerated() {
            let color = SVGPlot.palette[index % SVGPlot.palette.count]
            let members = curves.filter { $0.group == group }
            plot.add(SVGPlot.Series(name: "\(group): mean of \(members.count) run\(members.count == 1 ? "" : "s")",
                                    points: mean(of: group).map { ($0.step, $0.rate) }, color: color))
            for (m, curve) in members.enumerated() {
                plot.add(SVGPlot.Series(name: "\(group): each run", points: curve.evaluations.map { ($0.step, $0.rate) },
                                        dashed: true, color: color, inLegend: m == 0, style: .line, marker: .circle))
            }
        }
        return plot
    }

    /// Per group: runs, the final evaluation's mean and standard deviation across runs,
    /// the lowest evaluation after the first, and each run's final rate.
    public func table() -> String {
        var lines = ["group        runs  final (mean +- sd)   lowest later   each run's final"]
        for group in groups {
            let members = curves.filter { $0.group == group }
            let finals = members.map { $0.evaluations.last!.rate }
            let mean = finals.reduce(0, +) / Double(finals.count)
            let sd = finals.count > 1
                ? (finals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finals.count - 1)).squareRoot() : 0
            let lowest = members.flatMap { $0.evaluations.dropFirst().map(\.rate) }.min() ?? members[0].evaluations[0].rate
            let each = members.map { String(format: "%.1f%% (%d ep.)", $0.evaluations.last!.rate * 100,
                                            $0.evaluations.last!.episodes) }.joined(separator: ", ")
            lines.append(group.padding(toLength: 12, withPad: " ", startingAt: 0)
                         + String(format: " %4d  %5.1f%% +- %4.1f     %5.1f%%        ", members.count, mean * 100, sd * 100,
                                  lowest * 100) + each)
        }
        return lines.joined(separator: "\n")
    }
}
