import Media
import Runs

/// The standard plots of a run, drawn from its metrics logs into `plots/`:
///
/// - `plots/train_loss.svg`: every numeric `*loss*` column of `metrics/train.jsonl`
///   against `step`, log-scale when all values are positive;
/// - `plots/success_rate.svg`: the policy's evaluations of `metrics/eval.jsonl` (phases
///   `bc`, `daggerN`, `periodic`, `final`) as one line of success rate against `step`,
///   each point with its Wilson 95 % interval as an error bar (falling back to the
///   `eval/<step>/summary.json` files when there is no eval log). DAgger's rollouts
///   (`daggerN-rollouts`: learner and expert mixed, so not the policy's rate) and later
///   `pushforward eval` runs (`eval:<label>`) are separate marker-only series;
/// - `plots/success_vs_nfe.svg`: those `pushforward eval` runs against their network
///   evaluations per control step, one point per sampler (`RunPlots+Samplers.swift`).
///
/// A missing or empty log skips its plot; a corrupt one is an error naming the file.
public enum RunPlots {
    /// Lines beyond this many points are thinned (every k-th point, the last one kept):
    /// more would not show at plot width and only bloat the file.
    static let maximumPoints = 2000

    /// Writes the plots whose data exists; returns the paths written.
    @discardableResult
    public static func write(run: RunFolder) throws(RunError) -> [String] {
        var written: [String] = []
        for (name, plot) in [("train_loss.svg", try trainLoss(run: run)), ("success_rate.svg", try successRate(run: run)),
                             ("steer_return.svg", try steeringReturn(run: run)),
                             ("success_vs_nfe.svg", try successAgainstEvaluations(run: run))] {
            guard let plot else { continue }
            let path = RunFiles.join(try run.folder(.plots), name)
            try plot.write(to: path)
            written.append(path)
        }
        return written
    }

    /// The training-loss plot, or `nil` without loss values.
    public static func trainLoss(run: RunFolder) throws(RunError) -> SVGPlot? {
        let rows = try MetricsLog.read(.train, of: run)
        var columns: [String] = []
        for row in rows {
            for key in row.keys where key.lowercased().contains("loss") && !columns.contains(key) && row.number(key) != nil {
                columns.append(key)
            }
        }
        let series = columns.map { column in
            SVGPlot.Series(name: column, points: points(rows, column))
        }.filter { !$0.points.isEmpty }
        guard !series.isEmpty else { return nil }
        let positive = series.allSatisfy { $0.points.allSatisfy { !$0.y.isFinite || $0.y > 0 } }
        var plot = SVGPlot(title: "Training loss", xLabel: "step", yLabel: "loss", logY: positive)
        series.forEach { plot.add($0) }
        return plot
    }

    /// A steering run's learning curve from `metrics/steer.jsonl`: the mean undiscounted
    /// return of the training episodes of each round against environment steps (the
    /// evaluated success is `success_rate.svg`); `nil` for runs without that log.
    public static func steeringReturn(run: RunFolder) throws(RunError) -> SVGPlot? {
        let rows = try MetricsLog.read(.steer, of: run)
        let series = SVGPlot.Series(name: "training episodes' return (mean per round)", points: points(rows, "return"))
        guard !series.points.isEmpty else { return nil }
        var plot = SVGPlot(title: "Steering: return of the training episodes", xLabel: "environment steps", yLabel: "return")
        plot.add(series)
        return plot
    }

    /// What a row of `metrics/eval.jsonl` measured, from its `phase`.
    enum EvaluationKind: Equatable {
        /// The policy alone during training: `bc`, `daggerN`, `periodic`, `final` (and
        /// rows without a phase, e.g. from `summary.json`).
        case policy
        /// A DAgger round's data collection, `daggerN-rollouts`: the learner with the
        /// expert stepping in, so its success rate overstates the policy's.
        case daggerRollouts
        /// `pushforward eval` after training, `eval:<label>` (any sampler, any count).
        case evalCommand

        init(phase: String?) {
            guard let phase else { self = .policy; return }
            if phase.hasSuffix("-rollouts") {
                self = .daggerRollouts
            } else if phase.hasPrefix("eval:") {
                self = .evalCommand
            } else {
                self = .policy
            }
        }
    }

    /// The legend names of the success-rate plot's series.
    static let policySeries = "policy evaluations, 95% Wilson interval"
    static let rolloutSeries = "DAgger rollouts (expert helping)"
    static let evalCommandSeries = "pushforward eval, 95% Wilson interval"

    /// The success-rate plot, or `nil` without evaluations.
    public static func successRate(run: RunFolder) throws(RunError) -> SVGPlot? {
        var rows = try MetricsLog.read(.eval, of: run)
        if rows.isEmpty {
            for step in try run.evaluatedSteps() where RunFiles.exists(run.evaluation(step: step).summaryPath) {
                rows.append(try run.evaluation(step: step).readSummary().metricsRow)
            }
        }
        return successRate(rows: rows)
    }

    /// The success-rate plot of these eval-log rows, or `nil` when none has a rate.
    static func successRate(rows: [MetricsRow]) -> SVGPlot? {
        func points(_ kind: EvaluationKind, withIntervals: Bool = true) -> [SVGPlot.Point] {
            intervalPoints(rows.filter { EvaluationKind(phase: $0["phase"]?.string) == kind }, withIntervals: withIntervals)
        }
        let policy = points(.policy), rollouts = points(.daggerRollouts, withIntervals: false), later = points(.evalCommand)
        guard !(policy.isEmpty && rollouts.isEmpty && later.isEmpty) else { return nil }
        var plot = SVGPlot(title: "Success rate", xLabel: "step", yLabel: "success rate", yRange: 0...1)
        // Training starts at step 0: the axis does too, to a round step past the last point.
        let lastStep = (policy + rollouts + later).map(\.x).filter(\.isFinite).max() ?? 1
        plot.xRange = 0...SVGPlot.LinearAxis(low: 0, high: max(lastStep, 1)).upper
        // Rates climb towards the top right from the bottom left; the top left is free.
        plot.legendCorner = .topLeft
        if !policy.isEmpty {
            plot.add(SVGPlot.Series(name: policySeries, points: policy,
                                    color: SVGPlot.palette[0]))
        }
        if !rollouts.isEmpty {
            plot.add(SVGPlot.Series(name: rolloutSeries, points: rollouts,
                                    color: "#8c8c8c", style: .markers, marker: .hollowDiamond))
        }
        if !later.isEmpty {
            plot.add(SVGPlot.Series(name: evalCommandSeries, points: later,
                                    color: SVGPlot.palette[1], style: .markers, marker: .square))
        }
        return plot
    }

    /// The rows' success rates against step, sorted by step (rows logged at one step keep
    /// their order), each with its Wilson 95 % interval: the logged bounds, or computed
    /// from `episodes` when only those were logged.
    static func intervalPoints(_ rows: [MetricsRow], withIntervals: Bool = true) -> [SVGPlot.Point] {
        let points = rows.compactMap { row -> SVGPlot.Point? in
            guard let step = row.number("step"), let rate = row.number("success_rate") else { return nil }
            var point = SVGPlot.Point(x: step, y: rate, label: label(phase: row["phase"]?.string))
            guard withIntervals else { return point }
            if let low = row.number("wilson_low"), let high = row.number("wilson_high") {
                (point.low, point.high) = (low, high)
            } else if let episodes = row.number("episodes"), episodes >= 1, rate.isFinite {
                let interval = WilsonInterval(successes: Int((rate * episodes).rounded()), trials: Int(episodes))
                (point.low, point.high) = (interval.lower, interval.upper)
            }
            return point
        }
        return points.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
    }

    /// The note by an evaluation of the phases that end a stage of training: `BC`,
    /// `DAgger 2`, `final` (periodic ones and rollouts get none; they would crowd).
    static func label(phase: String?) -> String? {
        switch phase {
        case "bc": return "BC"
        case "final": return "final"
        case let phase? where phase.hasPrefix("dagger") && Int(phase.dropFirst("dagger".count)) != nil:
            return "DAgger " + phase.dropFirst("dagger".count)
        default: return nil
        }
    }

    /// (step, value) of the rows that have both, sorted by step, thinned to `maximumPoints`.
    static func points(_ rows: [MetricsRow], _ column: String) -> [(Double, Double)] {
        let all = rows.compactMap { row -> (Double, Double)? in
            guard let step = row.number("step"), let value = row.number(column) else { return nil }
            return (step, value)
        }.sorted { $0.0 < $1.0 }
        guard all.count > maximumPoints else { return all }
        let stride = (all.count + maximumPoints - 1) / maximumPoints
        var thinned = Swift.stride(from: 0, to: all.count, by: stride).map { all[$0] }
        if thinned.last!.0 != all.last!.0 { thinned.append(all.last!) }
        return thinned
    }
}
