import Runs

/// A small line plot written as standalone SVG (no scripts, no fonts to fetch): a title,
/// axis labels, linear axes with nice tick values (or a log-scale y axis), one or more
/// named series of (x, y) points, and a legend. Opens in any browser.
///
/// ```swift
/// var plot = SVGPlot(title: "Training loss", xLabel: "step", yLabel: "loss", logY: true)
/// plot.add(SVGPlot.Series(name: "loss", points: [(0, 1.0), (100, 0.3)]))
/// try plot.write(to: "runs/.../plots/train_loss.svg")
/// ```
///
/// Points with a non-finite coordinate (and, on a log axis, a non-positive y) are left out.
public struct SVGPlot: Sendable {
    /// One named line.
    public struct Series: Sendable {
        var name: String
        public var points: [Point]
        /// Drawn dashed, e.g. for the bounds of an interval.
        var dashed: Bool
        /// A CSS colour; `nil` picks the next one of the palette.
        var color: String?
        /// Whether the legend lists it (the second bound of an interval need not).
        var inLegend: Bool

        public init(name: String, points: [(Double, Double)], dashed: Bool = false, color: String? = nil, inLegend: Bool = true) {
            self.name = name
            self.points = points.map { Point(x: $0.0, y: $0.1) }
            self.dashed = dashed
            self.color = color
            self.inLegend = inLegend
        }
    }

    public struct Point: Sendable, Hashable {
        var x: Double
        public var y: Double

        init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series] = []
    /// A logarithmic (base 10) y axis, for losses spanning decades.
    var logY: Bool
    /// A fixed y range (e.g. `0...1` for rates); `nil` fits the data.
    var yRange: ClosedRange<Double>?
    /// Which corner of the plot area holds the legend; pick the one the data leaves free.
    public var legendCorner: LegendCorner = .topRight
    /// The picture size in CSS pixels.
    var width: Double = 720
    var height: Double = 440

    public init(title: String, xLabel: String, yLabel: String, logY: Bool = false, yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.yRange = yRange
    }

    public mutating func add(_ series: Series) {
        self.series.append(series)
    }

    /// Writes the SVG atomically.
    public func write(to path: String) throws(RunError) {
        try RunFiles.writeAtomically(svg(), to: path)
    }

    /// The points of a series that can be drawn on this plot's axes.
    func drawable(_ series: Series) -> [Point] {
        series.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
    }

    /// A corner of the plot area.
    public enum LegendCorner: Sendable {
        case topRight, bottomRight, topLeft, bottomLeft
    }

    /// Colours that stay apart for common colour-vision deficiencies (Okabe–Ito).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
}
