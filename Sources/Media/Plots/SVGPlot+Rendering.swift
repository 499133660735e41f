import Foundation

/// The SVG text of a plot.
extension SVGPlot {
    /// The complete SVG document.
    func svg() -> String {
        let left = 78.0, right = 24.0, top = 44.0, bottom = 56.0
        let plotWidth = max(width - left - right, 10), plotHeight = max(height - top - bottom, 10)
        let drawn = series.map { drawable($0) }
        let all = drawn.flatMap { $0 }

        // Axes: fitted to the data (error bars included), or a fixed y range; a plot with
        // no data still draws.
        let xs = all.map(\.x)
        let ys = all.flatMap { point in [point.y] + (drawnInterval(point).map { [$0.lowerBound, $0.upperBound] } ?? []) }
        let xAxis = xRange.map { LinearAxis(low: $0.lowerBound, high: $0.upperBound, widen: false) }
            ?? LinearAxis(low: xs.min() ?? 0, high: xs.max() ?? 1)
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

        // Series: error bars under lines under markers, then the point labels. Lines are
        // clipped to the plot area (a fixed range may cut one); markers and error bars may
        // overlap the frame by a few pixels, so that a point on the edge shows whole.
        // Points of one series at the same x (two evaluations at one step) are spread a
        // few pixels apart so that their bars stay apart.
        let margin = 8.0
        out += "<clipPath id=\"plot-area\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\"/></clipPath>\n"
        out += "<clipPath id=\"plot-margin\"><rect x=\"\(n(left - margin))\" y=\"\(n(top - margin))\" width=\"\(n(plotWidth + 2 * margin))\" height=\"\(n(plotHeight + 2 * margin))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#plot-margin)\" fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\">\n"
        var labels: [PointLabel] = []
        for (index, line) in series.enumerated() {
            let color = self.color(of: index)
            let points = drawn[index]
            let offsets = Self.dodge(points.map(\.x))
            let pixels = zip(points, offsets).map { (x: xMap($0.x) + $1, y: yMap($0.y)) }
            out += "<g class=\"series\" data-name=\"\(escaped(line.name))\" data-style=\"\(line.style == .line ? "line" : "markers")\" stroke=\"\(escaped(color))\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")>\n"
            for (point, pixel) in zip(points, pixels) {
                guard let interval = drawnInterval(point) else { continue }
                let low = yMap(interval.lowerBound), high = yMap(interval.upperBound), cap = 4.0
                out += "<path class=\"error-bar\" data-x=\"\(datum(point.x))\" data-low=\"\(datum(interval.lowerBound))\" data-high=\"\(datum(interval.upperBound))\" "
                    + "stroke-width=\"1.3\" stroke-dasharray=\"none\" d=\"M\(n(pixel.x)) \(n(low))V\(n(high))M\(n(pixel.x - cap)) \(n(low))H\(n(pixel.x + cap))M\(n(pixel.x - cap)) \(n(high))H\(n(pixel.x + cap))\"/>\n"
            }
            if line.style == .line, pixels.count > 1 {
                out += "<polyline clip-path=\"url(#plot-area)\" points=\"\(pixels.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " "))\"/>\n"
            }
            if showsMarkers(line, count: pixels.count) {
                for pixel in pixels { out += marker(line.marker, x: pixel.x, y: pixel.y, color: color) }
            }
            for ((point, pixel), offset) in zip(zip(points, pixels), offsets) {
                guard let label = point.label, !label.isEmpty else { continue }
                let interval = drawnInterval(point)
                labels.append(PointLabel(text: label, x: pixel.x, dodge: offset,
                                         above: interval.map { yMap($0.upperBound) } ?? pixel.y,
                                         below: interval.map { yMap($0.lowerBound) } ?? pixel.y))
            }
            out += "</g>\n"
        }
        out += "</g>\n"
        out += placed(labels, area: (left, top, plotWidth, plotHeight))
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
        // No font metrics without a renderer: estimate 6.6 px per character (12 px sans).
        let textWidth = Double(entries.map(\.element.name.count).max() ?? 0) * 6.6
        let boxWidth = textWidth + 46, boxHeight = Double(entries.count) * 18 + 8
        let right = legendCorner == .topRight || legendCorner == .bottomRight
        let bottom = legendCorner == .bottomRight || legendCorner == .bottomLeft
        let x = right ? area.x + area.width - 10 - boxWidth : area.x + 10
        let top = bottom ? area.y + area.height - 10 - boxHeight : area.y + 10
        var out = "<g class=\"legend\">\n<rect x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(boxWidth))\" height=\"\(n(boxHeight))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"
        for (row, (index, line)) in entries.enumerated() {
            let color = self.color(of: index)
            let y = top + 16 + Double(row) * 18, middle = y - 4, center = x + 20
            // The glyph repeats what the plot draws: the line, the error bar, the marker.
            if line.style == .line {
                out += "<line x1=\"\(n(x + 8))\" y1=\"\(n(middle))\" x2=\"\(n(x + 32))\" y2=\"\(n(middle))\" stroke=\"\(escaped(color))\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            }
            if line.hasErrorBars {
                out += "<path d=\"M\(n(center)) \(n(middle - 7))V\(n(middle + 7))M\(n(center - 4)) \(n(middle - 7))H\(n(center + 4))M\(n(center - 4)) \(n(middle + 7))H\(n(center + 4))\" stroke=\"\(escaped(color))\" stroke-width=\"1.3\" fill=\"none\"/>\n"
            }
            if showsMarkers(line, count: drawable(line).count) {
                out += marker(line.marker, x: center, y: middle, color: color)
            }
            out += "<text x=\"\(n(x + 38))\" y=\"\(n(y))\">\(escaped(line.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// A point's label before placement: the point's x, its dodge offset, and the pixel
    /// rows of the top and bottom of its error bar (of the point, without one).
    private struct PointLabel {
        var text: String, x: Double, dodge: Double, above: Double, below: Double
    }

    /// The labels that fit, as SVG: each above its error bar, or else below it, never
    /// over another label or past the frame; the last points' labels are placed first
    /// (the final evaluation matters most) and a label with no room is left out. Of
    /// points spread apart at one x, the left one's label ends at it and the right one's
    /// starts at it, so neither crosses the other's bar.
    private func placed(_ labels: [PointLabel], area: (x: Double, y: Double, width: Double, height: Double)) -> String {
        let fontSize = 11.0, charWidth = 6.2
        var taken: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        var out = ""
        for label in labels.reversed() {
            let width = Double(label.text.count) * charWidth
            let preferred = label.dodge < 0 ? "end" : label.dodge > 0 ? "start" : "middle"
            // Another anchor only when the preferred one would run past the frame.
            let anchors = [preferred] + ["middle", "end", "start"].filter { $0 != preferred }
            // Baselines: 6 px over the bar's top, or a line's height under its bottom.
            candidates: for baseline in [label.above - 6, label.below + fontSize + 5] {
                for anchor in anchors {
                    let x0 = anchor == "end" ? label.x - width : anchor == "start" ? label.x : label.x - width / 2
                    let box = (x0: x0 - 2, y0: baseline - fontSize, x1: x0 + width + 2, y1: baseline + 3)
                    // Within the frame, give or take the few pixels a marker on its edge takes.
                    guard box.y0 >= area.y, box.y1 <= area.y + area.height,
                          box.x0 >= area.x - 8, box.x1 <= area.x + area.width + 8 else { continue }
                    guard !taken.contains(where: { $0.x0 < box.x1 && box.x0 < $0.x1 && $0.y0 < box.y1 && box.y0 < $0.y1 }) else {
                        continue candidates
                    }
                    taken.append(box)
                    out += "<text class=\"point-label\" x=\"\(n(label.x))\" y=\"\(n(baseline))\" text-anchor=\"\(anchor)\" font-size=\"\(n(fontSize))\" fill=\"#444\">\(escaped(label.text))</text>\n"
                    break candidates
                }
            }
        }
        return out.isEmpty ? "" : "<g class=\"point-labels\">\n\(out)</g>\n"
    }

    /// The colour of the series at `index`: its own, or the palette's.
    private func color(of index: Int) -> String {
        series[index].color ?? Self.palette[index % Self.palette.count]
    }

    /// Whether a series of `count` drawable points shows its markers: always for a
    /// markers-only series; for a solid line while the points are few enough to tell
    /// apart (and for a lone point).
    private func showsMarkers(_ line: Series, count: Int) -> Bool {
        line.style == .markers || (count <= 40 && !line.dashed)
    }

    /// The part of a point's interval this plot can draw: both bounds set and finite
    /// (and positive on a log axis).
    func drawnInterval(_ point: Point) -> ClosedRange<Double>? {
        guard let interval = point.interval, !logY || interval.lowerBound > 0 else { return nil }
        return interval
    }

    /// Horizontal pixel offsets that spread points sharing an x value: 0 for a lone
    /// point, -3.5 and +3.5 for two, and so on, 7 px apart, in the points' order.
    static func dodge(_ xs: [Double], spacing: Double = 7) -> [Double] {
        var counts: [Double: Int] = [:], seen: [Double: Int] = [:]
        for x in xs { counts[x, default: 0] += 1 }
        return xs.map { x in
            let k = seen[x, default: 0]
            seen[x] = k + 1
            return (Double(k) - Double(counts[x]! - 1) / 2) * spacing
        }
    }

    /// One marker centred at (x, y); hollow ones are outlines (a point under one shows).
    private func marker(_ marker: Marker, x: Double, y: Double, color: String) -> String {
        let hollow: Bool
        let shape: Marker
        switch marker {
        case .hollowCircle: (hollow, shape) = (true, .circle)
        case .hollowSquare: (hollow, shape) = (true, .square)
        case .hollowDiamond: (hollow, shape) = (true, .diamond)
        case .hollowTriangle: (hollow, shape) = (true, .triangle)
        default: (hollow, shape) = (false, marker)
        }
        let paint = "fill=\"\(hollow ? "none" : escaped(color))\" stroke=\"\(escaped(color))\" stroke-width=\"1.5\" stroke-dasharray=\"none\""
        switch shape {
        case .square:
            return "<rect class=\"marker\" x=\"\(n(x - 3.5))\" y=\"\(n(y - 3.5))\" width=\"7\" height=\"7\" \(paint)/>\n"
        case .diamond:
            return "<path class=\"marker\" d=\"M\(n(x)) \(n(y - 5))L\(n(x + 5)) \(n(y))L\(n(x)) \(n(y + 5))L\(n(x - 5)) \(n(y))Z\" \(paint)/>\n"
        case .triangle:
            return "<path class=\"marker\" d=\"M\(n(x)) \(n(y - 5))L\(n(x + 4.5)) \(n(y + 3.5))L\(n(x - 4.5)) \(n(y + 3.5))Z\" \(paint)/>\n"
        default:
            return "<circle class=\"marker\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.2\" \(paint)/>\n"
        }
    }

    /// A data value for an attribute: up to 6 significant digits, locale-independent.
    private func datum(_ value: Double) -> String {
        String(format: "%.6g", value)
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
