import Media
import Runs

extension RunPlots {
    /// `plots/success_vs_nfe.svg`: the run's `pushforward eval` results (`eval:<label>`
    /// rows of `metrics/eval.jsonl` that logged `nfe_per_control_step`) as success rate
    /// against network evaluations per control step, one labelled point per sampler (its
    /// latest evaluation) with its Wilson 95 % interval; RTI's warm starts, anchored
    /// sampling and the samplers that start every chunk from noise are separate series.
    /// `nil` with fewer than two.
    public static func successAgainstEvaluations(run: RunFolder) throws(RunError) -> SVGPlot? {
        successAgainstEvaluations(rows: try MetricsLog.read(.eval, of: run))
    }

    static func successAgainstEvaluations(rows: [MetricsRow]) -> SVGPlot? {
        var latest: [String: SVGPlot.Point] = [:], order: [String] = []
        for row in rows where EvaluationKind(phase: row["phase"]?.string) == .evalCommand {
            guard let nfe = row.number("nfe_per_control_step"), let rate = row.number("success_rate"),
                  let sampler = row["sampler"]?.string else { continue }
            if latest[sampler] == nil { order.append(sampler) }
            latest[sampler] = SVGPlot.Point(x: nfe, y: rate, low: row.number("wilson_low"), high: row.number("wilson_high"),
                                            label: sampler)
        }
        guard latest.count >= 2 else { return nil }
        var plot = SVGPlot(title: "Success rate against network evaluations per control step",
                           xLabel: "NFE per control step", yLabel: "success rate", yRange: 0...1)
        plot.xRange = 0...SVGPlot.LinearAxis(low: 0, high: latest.values.map(\.x).max()!).upper
        plot.legendCorner = .bottomRight
        let kind = { (name: String) in name.hasPrefix("rti") ? 1 : name.hasPrefix("anchored") ? 2 : 0 }
        for (series, name, index, marker) in [(0, "from noise every chunk, 95% Wilson interval", 0, SVGPlot.Marker.circle),
                                              (1, "RTI warm starts, 95% Wilson interval", 2, .square),
                                              (2, "truncated anchored, 95% Wilson interval", 1, .diamond)] {
            let points = order.filter { kind($0) == series }.map { latest[$0]! }.sorted { $0.x < $1.x }
            guard !points.isEmpty else { continue }
            plot.add(SVGPlot.Series(name: name, points: points, color: SVGPlot.palette[index], style: .markers,
                                    marker: marker))
        }
        return plot
    }
}
