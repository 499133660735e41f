import Runs

/// A small line plot written as standalone SVG (no scripts, no fonts to fetch): a title,
/// axis labels, linear axes with nice tick values (or a log-scale y axis), one or more
/// named series of (x, y) points, and a legend. Opens in any browser.
///
/// A series is a line (with markers while its points are few) or markers only, and any
/// point may carry an interval on y, drawn as an error bar with caps, and a label:
///
/// ```swift
/// var plot = SVGPlot(title: "Training loss", xLabel: "step", yLabel: "loss", logY: true)
/// plot.add(SVGPlot.Series(name: "loss", points: [(0, 1.0), (100, 0.3)]))
/// plot.add(SVGPlot.Series(name: "evaluations", points: [SVGPlot.Point(x: 100, y: 0.4, low: 0.3, high: 0.5)],
///                         style: .markers, marker: .diamond))
/// try plot.write(to: "runs/.../plots/train_loss.svg")
/// ```
///
/// Points with a non-finite coordinate (and, on a log axis, a non-positive y) are left
/// out; an interval with a non-finite bound is not drawn.
public struct SVGPlot: Sendable {
    /// One named line, or one named set of markers.
    public struct Series: Sendable {
        /// The legend's text.
        public var name: String
        public var points: [Point]
        /// Drawn dashed, e.g. for a reference level.
        public var dashed: Bool
        /// A CSS colour; `nil` picks the next one of the palette.
        public var color: String?
        /// Whether the legend lists it.
        public var inLegend: Bool
        /// A line through the points, or the markers alone.
        public var style: Style
        /// The shape drawn at each point.
        public var marker: Marker

        public init(name: String, points: [(Double, Double)], dashed: Bool = false, color: String? = nil,
                    inLegend: Bool = true, style: Style = .line, marker: Marker = .circle) {
            self.init(name: name, points: points.map { Point(x: $0.0, y: $0.1) }, dashed: dashed, color: color,
                      inLegend: inLegend, style: style, marker: marker)
        }

        /// A series of points that may carry intervals (`Point(x:y:low:high:)`).
        public init(name: String, points: [Point], dashed: Bool = false, color: String? = nil,
                    inLegend: Bool = true, style: Style = .line, marker: Marker = .circle) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.color = color
            self.inLegend = inLegend
            self.style = style
            self.marker = marker
        }

        /// Whether any point carries an interval.
        public var hasErrorBars: Bool { points.contains { $0.interval != nil } }
    }

    /// How a series is drawn.
    public enum Style: Sendable, Hashable {
        /// A line through the points in order; markers too while there are at most 40.
        case line
        /// Markers only, always: separate observations that a line would wrongly join.
        case markers
    }

    /// The shape at a point: filled, or hollow (an outline) to set a series apart.
    public enum Marker: Sendable, Hashable {
        case circle, square, diamond, triangle
        case hollowCircle, hollowSquare, hollowDiamond, hollowTriangle
    }

    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        /// An interval around `y` (e.g. a 95 % confidence interval), drawn as an error bar.
        public var low: Double?
        public var high: Double?
        /// A short note written by the point (above its error bar, or below; left out
        /// where it would cover another), e.g. `final`.
        public var label: String?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, label: String? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.label = label
        }

        /// The interval when both bounds are set and finite.
        public var interval: ClosedRange<Double>? {
            guard let low, let high, low.isFinite, high.isFinite else { return nil }
            return min(low, high)...max(low, high)
        }
    }

    var title: String
    var xLabel: String
    var yLabel: String
    /// The series in drawing order (`add` appends).
    public private(set) var series: [Series] = []
    /// A logarithmic (base 10) y axis, for losses spanning decades.
    var logY: Bool
    /// A fixed y range (e.g. `0...1` for rates); `nil` fits the data.
    public var yRange: ClosedRange<Double>?
    /// A fixed x range (e.g. from step 0); `nil` fits the data.
    public var xRange: ClosedRange<Double>?
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
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
}
