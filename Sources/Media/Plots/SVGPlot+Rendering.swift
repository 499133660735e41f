import Foundation

/// The SVG text of a plot.
extension SVGPlot {
    /// The complete SVG document.
    func svg() -> String {
        let left = 78.0, right = 24.0, top = 44.0, bottom = 56.0
        let plotWidth = max(width - left - right, 10), plotHeight = max(height - top - bottom, 10)
        let drawn = series.map { drawable($0) }
        let all = drawn.flatMap { $0 }

        // Axes: fitted to the data, or a fixed y range; a plot with no data still draws.
        let xs = all.map(\.x), ys = all.map(\.y)
        let xAxis = LinearAxis(low: xs.min() ?? 0, high: xs.max() ?? 1)
        let yMap: (Double) -> Double
        let yTicks: [(Double, String)]
        if logY {
            let axis = LogAxis(low: yRange?.lowerBound ?? ys.min() ?? 0.1, high: yRange?.upperBound ?? ys.max() ?? 1)
            let span = axis.upperExponent - axis.lowerExponent
            yMap = { top + plotHeight * (1 - (log10($0) - axis.lowerExponent) / span) }
            yTicks = axis.ticks.map { ($0, axis.label($0)) }
        } else {
            let axis = yRange.map { LinearAxis(low: $0.lowerBound, high: $0.upperBound, widen: false) }
                ?? LinearAxis(low: ys.min() ?? 0, high: ys.max() ?? 1)
            yMap = { top + plotHeight * (1 - ($0 - axis.lower) / (axis.upper - axis.lower)) }
            yTicks = axis.ticks.map { ($0, axis.label($0)) }
        }
        let xMap = { (x: Double) in left + plotWidth * (x - xAxis.lower) / (xAxis.upper - xAxis.lower) }

        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(n(left + plotWidth / 2))" y="24" text-anchor="middle" font-size="15" font-weight="bold">\(escaped(title))</text>

        """
        // Grid and tick labels.
        out += "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n"
        for x in xAxis.ticks { out += "<line x1=\"\(n(xMap(x)))\" y1=\"\(n(top))\" x2=\"\(n(xMap(x)))\" y2=\"\(n(top + plotHeight))\"/>\n" }
        for (y, _) in yTicks { out += "<line x1=\"\(n(left))\" y1=\"\(n(yMap(y)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(yMap(y)))\"/>\n" }
        out += "</g>\n<g fill=\"#333\">\n"
        for x in xAxis.ticks {
            out += "<text x=\"\(n(xMap(x)))\" y=\"\(n(top + plotHeight + 18))\" text-anchor=\"middle\">\(escaped(xAxis.label(x)))</text>\n"
        }
        for (y, label) in yTicks {
            out += "<text x=\"\(n(left - 8))\" y=\"\(n(yMap(y) + 4))\" text-anchor=\"end\">\(escaped(label))</text>\n"
        }
        out += "</g>\n"
        out += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#555\"/>\n"
        out += "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 14))\" text-anchor=\"middle\" font-size=\"13\">\(escaped(xLabel))</text>\n"
        out += "<text transform=\"translate(18 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(escaped(yLabel + (logY ? " (log)" : "")))</text>\n"

        // Series, clipped to the plot area (a fixed y range may cut a line).
        out += "<clipPath id=\"plot-area\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\">\n"
        for (index, line) in series.enumerated() {
            let color = line.color ?? Self.palette[index % Self.palette.count]
            let points = drawn[index].map { "\(n(xMap($0.x))),\(n(yMap($0.y)))" }
            out += "<g class=\"series\" data-name=\"\(escaped(line.name))\" stroke=\"\(escaped(color))\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")>\n"
            if points.count > 1 { out += "<polyline points=\"\(points.joined(separator: " "))\"/>\n" }
            // Markers where points are few enough to tell apart (and for a lone point).
            if points.count <= 40, !line.dashed {
                for point in points {
                    let xy = point.split(separator: ",")
                    out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(escaped(color))\"/>\n"
                }
            }
            out += "</g>\n"
        }
        out += "</g>\n"
        if all.isEmpty {
            out += "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\" fill=\"#888\">no data</text>\n"
        }
        out += legend(area: (left, top, plotWidth, plotHeight))
        return out + "</svg>\n"
    }

    /// The legend box, inset 10 px into `legendCorner` of the plot area.
    private func legend(area: (x: Double, y: Double, width: Double, height: Double)) -> String {
        let entries = series.enumerated().filter { $0.element.inLegend }
        guard !entries.isEmpty else { return "" }
        // No font metrics without a renderer: estimate 7 px per character.
        let textWidth = Double(entries.map(\.element.name.count).max() ?? 0) * 7
        let boxWidth = textWidth + 46, boxHeight = Double(entries.count) * 18 + 8
        let right = legendCorner == .topRight || legendCorner == .bottomRight
        let bottom = legendCorner == .bottomRight || legendCorner == .bottomLeft
        let x = right ? area.x + area.width - 10 - boxWidth : area.x + 10
        let top = bottom ? area.y + area.height - 10 - boxHeight : area.y + 10
        var out = "<g class=\"legend\">\n<rect x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(boxWidth))\" height=\"\(n(boxHeight))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"
        for (row, (index, line)) in entries.enumerated() {
            let color = line.color ?? Self.palette[index % Self.palette.count]
            let y = top + 16 + Double(row) * 18
            out += "<line x1=\"\(n(x + 8))\" y1=\"\(n(y - 4))\" x2=\"\(n(x + 32))\" y2=\"\(n(y - 4))\" stroke=\"\(escaped(color))\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            out += "<text x=\"\(n(x + 38))\" y=\"\(n(y))\">\(escaped(line.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// A coordinate with two decimals, locale-independent.
    private func n(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text.hasSuffix(".00") ? String(text.dropLast(3)) : text
    }

    /// Text safe inside XML elements and attribute values.
    func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters are not allowed in XML 1.0.
                if let ascii = character.asciiValue, ascii < 0x20, ascii != 9, ascii != 10, ascii != 13 { out += " " } else { out.append(character) }
            }
        }
        return out
    }
}
