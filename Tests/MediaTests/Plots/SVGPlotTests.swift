import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Runs
@testable import Media

@Suite("SVG plots")
struct SVGPlotTests {
    @Test("a plot is well-formed XML with its series, labels and legend")
    func wellFormed() throws {
        var plot = SVGPlot(title: "Loss <&> \"quoted\"", xLabel: "step", yLabel: "loss")
        plot.add(SVGPlot.Series(name: "loss", points: (0..<50).map { (Double($0) * 100, 1 / Double($0 + 1)) }))
        plot.add(SVGPlot.Series(name: "ema & loss", points: [(0, 0.5), (4900, 0.1)], dashed: true))
        let inspector = try inspect(plot.svg())
        #expect(inspector.seriesNames == ["loss", "ema & loss"])
        #expect(inspector.texts.contains("Loss <&> \"quoted\""))
        #expect(inspector.texts.contains("step") && inspector.texts.contains("loss"))
        #expect(inspector.texts.filter { $0 == "ema & loss" }.count == 1)   // in the legend
        #expect(inspector.elements["polyline"] == 2)
        #expect(inspector.texts.contains("5000"))
    }

    @Test("empty and degenerate data still make a valid picture")
    func degenerate() throws {
        let empty = try inspect(SVGPlot(title: "t", xLabel: "x", yLabel: "y").svg())
        #expect(empty.texts.contains("no data"))
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y", logY: true)
        plot.add(SVGPlot.Series(name: "one", points: [(5, 0.3), (6, .nan), (7, -1)]))
        let svg = plot.svg()
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let inspector = try inspect(svg)
        #expect(inspector.markers["one"] == 1 && inspector.elements["polyline"] == nil)
    }

    @Test("error bars: one per point with an interval, drawn at its bounds")
    func errorBars() throws {
        var plot = SVGPlot(title: "t", xLabel: "step", yLabel: "rate", yRange: 0...1)
        plot.xRange = 0...100
        plot.add(SVGPlot.Series(name: "evaluations", points: [
            SVGPlot.Point(x: 0, y: 0.5, low: 0.3, high: 0.7),
            SVGPlot.Point(x: 50, y: 0.6),                       // no interval: no bar
            SVGPlot.Point(x: 100, y: 0.8, low: 0.65, high: .nan), // a bound missing: no bar
            SVGPlot.Point(x: 100, y: 0.9, low: 0.75, high: 0.95),
        ]))
        let inspector = try inspect(plot.svg())
        let bars = inspector.errorBars["evaluations"] ?? []
        #expect(bars.map(\.x) == [0, 100])
        #expect(bars.map(\.low) == [0.3, 0.75] && bars.map(\.high) == [0.7, 0.95])
        // The plot area is 44...384 px tall for y in 0...1: y maps to 44 + 340 (1 - y).
        #expect(bars.map(\.pixelLow) == [282, 129] && bars.map(\.pixelHigh) == [146, 61])
        #expect(bars[0].pixelX == 78)               // x = 0 on the left edge
        #expect(inspector.polylines["evaluations"] == 1 && inspector.markers["evaluations"] == 4)
    }

    @Test("a markers-only series draws no line, with its marker in the legend")
    func markersOnly() throws {
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
        plot.add(SVGPlot.Series(name: "line", points: [(0, 0), (1, 1), (2, 0.5)]))
        plot.add(SVGPlot.Series(name: "rollouts", points: [(0, 1), (1, 0.9)], style: .markers, marker: .hollowDiamond))
        let inspector = try inspect(plot.svg())
        #expect(inspector.seriesNames == ["line", "rollouts"])
        #expect(inspector.polylines["line"] == 1 && inspector.polylines["rollouts"] == nil)
        #expect(inspector.markers["rollouts"] == 2 && inspector.errorBars["rollouts"] == nil)
        #expect(inspector.texts.contains("rollouts"))
        // A long line keeps its markers off, a markers-only series never does.
        var long = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
        long.add(SVGPlot.Series(name: "dense", points: (0..<100).map { (Double($0), 1) }))
        long.add(SVGPlot.Series(name: "dots", points: (0..<100).map { (Double($0), 2) }, style: .markers))
        let many = try inspect(long.svg())
        #expect(many.markers["dense"] == nil && many.markers["dots"] == 100)
    }

    @Test("a fitted y axis covers the error bars; points at one x are spread apart")
    func fittingAndDodging() throws {
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
        plot.add(SVGPlot.Series(name: "s", points: [SVGPlot.Point(x: 0, y: 0.4), SVGPlot.Point(x: 10, y: 0.6, low: 0.1, high: 0.9)]))
        let inspector = try inspect(plot.svg())
        #expect(inspector.texts.contains("0.0") && inspector.texts.contains("1.0"))
        #expect(SVGPlot.dodge([5, 5, 7]) == [-3.5, 3.5, 0])
        #expect(SVGPlot.dodge([1, 2, 1, 1]) == [-7, 0, 0, 7])
        var twice = SVGPlot(title: "t", xLabel: "x", yLabel: "y", yRange: 0...1)
        twice.add(SVGPlot.Series(name: "s", points: [SVGPlot.Point(x: 5, y: 0.7, low: 0.5, high: 0.8),
                                                     SVGPlot.Point(x: 5, y: 0.6, low: 0.55, high: 0.7)]))
        let bars = try inspect(twice.svg()).errorBars["s"] ?? []
        #expect(bars.count == 2 && abs((bars[1].pixelX - bars[0].pixelX) - 7) < 1e-9)
    }

    @Test("point labels: above the bar, or below it; one that would cover another is left out")
    func pointLabels() throws {
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y", yRange: 0...1)
        plot.xRange = 0...100
        plot.add(SVGPlot.Series(name: "s", points: [
            SVGPlot.Point(x: 10, y: 0.5, low: 0.4, high: 0.6, label: "alone"),
            SVGPlot.Point(x: 50, y: 0.99, low: 0.95, high: 1, label: "top"),     // no room above the bar
            SVGPlot.Point(x: 89, y: 0.5, low: 0.4, high: 0.6, label: "crowded"), // both places taken
            SVGPlot.Point(x: 90, y: 0.5, low: 0.4, high: 0.6, label: "below"),
            SVGPlot.Point(x: 91, y: 0.5, low: 0.4, high: 0.6, label: "last"),    // the last point goes first
        ]))
        let svg = plot.svg()
        func baseline(_ label: String) -> String? {
            guard let line = svg.split(separator: "\n").first(where: { $0.contains(">\(label)</text>") }),
                  let y = line.range(of: #"y="[0-9.]+""#, options: .regularExpression) else { return nil }
            return String(line[y].dropFirst(3).dropLast())
        }
        // y maps to 44 + 340 (1 - y): above a bar ending at 0.6 is 180 - 6; below one
        // starting at 0.4 is 248 + 16; below 0.95 is 61 + 16.
        #expect(baseline("alone") == "174" && baseline("last") == "174")
        #expect(baseline("below") == "264" && baseline("top") == "77")
        #expect(baseline("crowded") == nil)
        #expect(try inspect(svg).texts.filter { ["alone", "top", "below", "last"].contains($0) }.count == 4)
    }

    @Test("linear ticks are 1, 2, 5 x 10^k and cover the data")
    func linearTicks() {
        let axis = SVGPlot.LinearAxis(low: 0.013, high: 0.87)
        #expect(axis.step == 0.2)
        #expect(axis.ticks.map { axis.label($0) } == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let steps = SVGPlot.LinearAxis(low: 0, high: 48_000)
        #expect(steps.ticks.map { steps.label($0) } == ["0", "10k", "20k", "30k", "40k", "50k"])
        let mixed = SVGPlot.LinearAxis(low: 0, high: 20_000)
        #expect(mixed.ticks.map { mixed.label($0) } == ["0", "5k", "10k", "15k", "20k"])
        let negative = SVGPlot.LinearAxis(low: -3, high: 2)
        #expect(negative.ticks == [-3, -2, -1, 0, 1, 2])
        let fixed = SVGPlot.LinearAxis(low: 0, high: 1, widen: false)
        #expect(fixed.lower == 0 && fixed.upper == 1 && fixed.ticks.count == 6)
        let flat = SVGPlot.LinearAxis(low: 5, high: 5)
        #expect(flat.lower < 5 && flat.upper > 5)
    }

    @Test("log ticks are decades, with 2 and 5 over short spans")
    func logTicks() {
        let wide = SVGPlot.LogAxis(low: 3e-5, high: 2.5)
        #expect(wide.ticks.map { wide.label($0) } == ["1e-5", "1e-4", "0.001", "0.01", "0.1", "1", "10"])
        let short = SVGPlot.LogAxis(low: 0.02, high: 0.4)
        #expect(short.ticks.map { short.label($0) } == ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"])
    }
}
