import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Runs
@testable import Media

/// Collects what the SVG checks need: well-formedness, series names, texts.
private final class SVGInspector: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var seriesNames: [String] = []
    var texts: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if name == "g", attributes["class"] == "series", let series = attributes["data-name"] { seriesNames.append(series) }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(text) }
    }
}

private func inspect(_ svg: String) throws -> SVGInspector {
    let parser = XMLParser(data: Data(svg.utf8))
    let inspector = SVGInspector()
    parser.delegate = inspector
    let ok = parser.parse()
    #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))")
    return inspector
}

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
        #expect(inspector.elements["circle"] == 1 && inspector.elements["polyline"] == nil)
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
