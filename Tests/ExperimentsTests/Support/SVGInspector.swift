import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Runs
@testable import Media

/// (A copy lives in each test target that checks plots.)
/// Collects what the SVG checks need: well-formedness, series names, texts, and per
/// series its polylines, markers and error bars.
final class SVGInspector: NSObject, XMLParserDelegate {
    struct ErrorBar: Equatable {
        var x: Double, low: Double, high: Double
        /// The path's pixel geometry: the bar's x and its two ends.
        var pixelX: Double, pixelLow: Double, pixelHigh: Double
    }

    var elements: [String: Int] = [:]
    var seriesNames: [String] = []
    var texts: [String] = []
    /// By series name.
    var polylines: [String: Int] = [:]
    var markers: [String: Int] = [:]
    var errorBars: [String: [ErrorBar]] = [:]
    private var text = ""
    private var currentSeries: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if name == "g", attributes["class"] == "series", let series = attributes["data-name"] {
            seriesNames.append(series)
            currentSeries = series
        }
        if let series = currentSeries {
            if name == "polyline" { polylines[series, default: 0] += 1 }
            if attributes["class"] == "marker" { markers[series, default: 0] += 1 }
            if attributes["class"] == "error-bar", let d = attributes["d"] {
                // "M<x> <low>V<high>M..." : the bar itself is the first move and line.
                let numbers = d.split(whereSeparator: { "MVH ".contains($0) }).prefix(3).compactMap { Double($0) }
                errorBars[series, default: []].append(ErrorBar(
                    x: Double(attributes["data-x"] ?? "") ?? .nan, low: Double(attributes["data-low"] ?? "") ?? .nan,
                    high: Double(attributes["data-high"] ?? "") ?? .nan,
                    pixelX: numbers.count == 3 ? numbers[0] : .nan, pixelLow: numbers.count == 3 ? numbers[1] : .nan,
                    pixelHigh: numbers.count == 3 ? numbers[2] : .nan))
            }
        }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(text) }
        if name == "g" { currentSeries = nil }   // series groups hold no nested groups
    }
}

func inspect(_ svg: String) throws -> SVGInspector {
    let parser = XMLParser(data: Data(svg.utf8))
    let inspector = SVGInspector()
    parser.delegate = inspector
    let ok = parser.parse()
    #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))")
    return inspector
}
