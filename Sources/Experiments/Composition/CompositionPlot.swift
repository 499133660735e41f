import Media
import Runs

/// `plots/compose.svg`: validation success against the weights searched (pooled over the
/// repeats with its Wilson interval, each repeat thin), the test success of the chosen
/// weights and of each parent alone, and the loss pre-filter's weight.
enum CompositionPlot {
    static func curve(_ report: CompositionReport) -> SVGPlot? {
        guard report.candidates.count >= 2 else { return nil }
        let two = report.parents.count == 2
        // Two parents: parent 1's weight; more: the candidate's number.
        let x = { (index: Int) -> Double in two ? report.candidates[index][0] : Double(index) }
        let position = { (weights: [Double]) -> Double in
            two ? weights[0] : Double(report.candidates.firstIndex(of: weights) ?? 0)
        }
        var plot = SVGPlot(title: "Composition of \(report.parents.count) policies (\(report.sampler)): success against weight",
                           xLabel: two ? "weight of parent 1 (parent 2: 1 - w)" : "weight vector (index into compose.json candidates)",
                           yLabel: "success rate")
        // From a tenth below the lowest rate or interval shown (the differences are points).
        let lows = report.pooledValidation.map(\.low) + report.repeats.flatMap { r in
            [r.test.wilsonLow] + r.parentsTest.map(\.wilsonLow) + r.validation.map(\.rate)
        }
        plot.yRange = max(0, (lows.min() ?? 0) - 0.1)...1
        plot.legendCorner = .bottomRight
        let order = report.candidates.indices.sorted { x($0) < x($1) }
        for (number, repeated) in report.repeats.enumerated() {
            plot.add(SVGPlot.Series(name: "validation, repeat \(number + 1)",
                                    points: order.map { (x($0), repeated.validation[$0].rate) }, dashed: true,
                                    color: "#bbbbbb", inLegend: number == 0, style: .line, marker: .hollowCircle))
        }
        plot.add(SVGPlot.Series(
            name: "validation, \(report.repeats.count) repeats pooled (95% Wilson)",
            points: order.map { i in
                let r = report.pooledValidation[i]
                return SVGPlot.Point(x: x(i), y: r.rate, low: r.low, high: r.high)
            }, color: SVGPlot.palette[0]))
        plot.add(SVGPlot.Series(
            name: "test, chosen weights (each repeat)",
            points: report.repeats.map { SVGPlot.Point(x: position($0.chosen), y: $0.test.successRate,
                                                       low: $0.test.wilsonLow, high: $0.test.wilsonHigh) },
            color: SVGPlot.palette[1], style: .markers, marker: .diamond))
        for (index, parent) in report.parents.enumerated() {
            var onehot = [Double](repeating: 0, count: report.parents.count)
            onehot[index] = 1
            let successes = report.repeats.map { $0.parentsTest[index].successes }.reduce(0, +)
            let episodes = report.repeats.map { $0.parentsTest[index].episodes }.reduce(0, +)
            let rate = CompositionReport.Rate(successes: successes, episodes: episodes)
            plot.add(SVGPlot.Series(
                name: "test, parent \(index + 1) alone (\(parent.family), \(parent.sampler))",
                points: [SVGPlot.Point(x: position(onehot), y: rate.rate, low: rate.low, high: rate.high)],
                color: SVGPlot.palette[2 + index % 4], style: .markers, marker: index == 0 ? .square : .triangle))
        }
        if two, let prefilter = report.prefilter {
            let w = prefilter.weights[0]
            plot.add(SVGPlot.Series(name: String(format: "held-out loss minimum, w = %.2f", w), points: [(w, 0), (w, 1)],
                                    dashed: true, color: "#888888"))
        }
        return plot
    }
}
