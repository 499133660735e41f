import Foundation
import Media
import Runs

/// The plots of a collection and the files `collect` writes.
extension SweepCollection {
    /// `metric` against swept `key`: one dashed line per seed (its final metric averaged
    /// over the other swept keys) and the mean over seeds as a solid line. With exactly
    /// one other swept key, one solid line per value of it instead (each the mean over
    /// seeds): averaging, say, a noise bound's effect over weak and strong base policies
    /// would hide what the grid asks. Numeric values sit at their value; others at
    /// positions 1, 2, ... labelled with the value.
    public func plot(_ metric: String, against key: String) -> SVGPlot {
        let values = results.map { Self.value(of: key, in: $0.cell) }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let numbers = values.compactMap(Double.init)
        let numeric = numbers.count == values.count
        func x(_ index: Int) -> Double { numeric ? numbers[index] : Double(index + 1) }
        let isRate = metric.hasSuffix("rate") || metric.contains("coverage") || metric.hasPrefix("wilson")
        var plot = SVGPlot(title: "\(plan.file.name): final \(metric) against \(key)", xLabel: key,
                           yLabel: "final \(metric)", yRange: isRate ? 0...1 : nil)
        plot.legendCorner = .bottomRight
        let seeds = results.map { $0.cell.seed ?? "" }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        // mean over the other swept keys of (seed, value) -> metric
        func average(seed: String?, valueIndex: Int) -> Double? {
            let picked = results.filter {
                $0.state == .complete && Self.value(of: key, in: $0.cell) == values[valueIndex]
                    && (seed == nil || ($0.cell.seed ?? "") == seed)
            }.compactMap { $0.final[metric] }
            return picked.isEmpty ? nil : picked.reduce(0, +) / Double(picked.count)
        }
        let others = sweptKeys.filter { $0 != key }
        if others.count == 1, let other = others.first {
            let otherValues = results.map { Self.value(of: other, in: $0.cell) }
                .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            for (o, otherValue) in otherValues.enumerated() {
                let points = values.indices.compactMap { i -> SVGPlot.Point? in
                    let picked = results.filter {
                        $0.state == .complete && Self.value(of: key, in: $0.cell) == values[i]
                            && Self.value(of: other, in: $0.cell) == otherValue
                    }.compactMap { $0.final[metric] }
                    return picked.isEmpty ? nil : SVGPlot.Point(x: x(i), y: picked.reduce(0, +) / Double(picked.count))
                }
                let seedsNote = seeds.count > 1 ? " (mean of \(seeds.count) seeds)" : ""
                plot.add(SVGPlot.Series(name: "\(CellName.labels(for: [other])[other] ?? other) \(Self.shortLabel(otherValue))\(seedsNote)",
                                        points: points, color: SVGPlot.palette[o % SVGPlot.palette.count]))
            }
            if !numeric { plot.xRange = 0.5...(Double(values.count) + 0.5) }
            return plot
        }
        let color = SVGPlot.palette[0]
        if seeds.count > 1 {
            for (s, seed) in seeds.enumerated() {
                let points = values.indices.compactMap { i in average(seed: seed, valueIndex: i).map { (x(i), $0) } }
                plot.add(SVGPlot.Series(name: "each seed (\(plan.file.seedKey))", points: points, dashed: true,
                                        color: SVGPlot.palette[1], inLegend: s == 0))
            }
        }
        let meanPoints = values.indices.compactMap { i -> SVGPlot.Point? in
            guard let y = average(seed: nil, valueIndex: i) else { return nil }
            return SVGPlot.Point(x: x(i), y: y, label: numeric ? nil : Self.shortLabel(values[i]))
        }
        plot.add(SVGPlot.Series(name: seeds.count > 1 ? "mean of \(seeds.count) seeds" : "mean", points: meanPoints, color: color))
        if !numeric { plot.xRange = 0.5...(Double(values.count) + 0.5) }
        return plot
    }

    /// A value short enough to label a point: a flow mapping's values only
    /// (`{method: ddim, steps: 2}` reads `ddim 2`), a config file the word its cells are
    /// named by (`Configs/reach/diffusion.yaml` reads `reach-diffusion`: two tasks' configs
    /// share file names), another path its last part.
    static func shortLabel(_ value: String) -> String {
        if value.hasPrefix("{"), value.hasSuffix("}") {
            return value.dropFirst().dropLast().split(separator: ",")
                .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
                .joined(separator: " ")
        }
        if value.hasSuffix(".yaml") || value.hasSuffix(".yml") { return CellName.base(value) }
        return value.split(separator: "/").last.map(String.init) ?? value
    }

    /// The file names of the plots: `plots/<metric>_vs_<key>.svg`.
    static func plotName(_ metric: String, _ key: String) -> String {
        "\(metric)_vs_\(CellName.component(key)).svg"
    }

    /// Writes `sweep.csv`, `summary.md` and the plots into the sweep folder; returns their paths.
    public func write() throws(SweepError) -> [String] {
        let out = plan.file.out
        var written: [String] = []
        do {
            let csvPath = RunFiles.join(out, "sweep.csv")
            try RunFiles.writeAtomically(csv(), to: csvPath)
            let summaryPath = RunFiles.join(out, "summary.md")
            try RunFiles.writeAtomically(markdown(), to: summaryPath)
            written += [csvPath, summaryPath]
            let plots = RunFiles.join(out, "plots")
            try RunFiles.createFolder(plots)
            for metric in plan.file.metrics {
                for key in sweptKeys {
                    let path = RunFiles.join(plots, Self.plotName(metric, key))
                    try plot(metric, against: key).write(to: path)
                    written.append(path)
                }
            }
        } catch {
            throw SweepError(error)
        }
        return written
    }
}
