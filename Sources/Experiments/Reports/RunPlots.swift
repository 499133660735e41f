import Media
import Runs

/// The standard plots of a run, drawn from its metrics logs into `plots/`:
///
/// - `plots/train_loss.svg`: every numeric `*loss*` column of `metrics/train.jsonl`
///   against `step`, log-scale when all values are positive;
/// - `plots/success_rate.svg`: `success_rate` of `metrics/eval.jsonl` against `step`,
///   with the Wilson 95 % bounds dashed when logged (falling back to the
///   `eval/<step>/summary.json` files when there is no eval log).
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
        for (name, plot) in [("train_loss.svg", try trainLoss(run: run)), ("success_rate.svg", try successRate(run: run))] {
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

    /// The success-rate plot, or `nil` without evaluations.
    public static func successRate(run: RunFolder) throws(RunError) -> SVGPlot? {
        var rows = try MetricsLog.read(.eval, of: run)
        if rows.isEmpty {
            for step in try run.evaluatedSteps() where RunFiles.exists(run.evaluation(step: step).summaryPath) {
                rows.append(try run.evaluation(step: step).readSummary().metricsRow)
            }
        }
        let rate = points(rows, "success_rate")
        guard !rate.isEmpty else { return nil }
        var plot = SVGPlot(title: "Success rate", xLabel: "step", yLabel: "success rate", yRange: 0...1)
        plot.legendCorner = .bottomRight   // success rates tend to climb towards the top right
        plot.add(SVGPlot.Series(name: "success rate", points: rate))
        let low = points(rows, "wilson_low"), high = points(rows, "wilson_high")
        if !low.isEmpty, !high.isEmpty {
            plot.add(SVGPlot.Series(name: "Wilson 95% interval", points: low, dashed: true, color: "#7fb3d5"))
            plot.add(SVGPlot.Series(name: "Wilson 95% high", points: high, dashed: true, color: "#7fb3d5", inLegend: false))
        }
        return plot
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
