import Physics2D

/// Rendering of scene descriptions.
extension Canvas {
    /// A canvas of the given size showing `list` (world mapping as in `init`).
    public init(width: Int, height: Int, worldExtent: Double = 512, worldOrigin: Vec2 = .zero,
                rendering list: DrawList) {
        self.init(width: width, height: height, worldExtent: worldExtent, worldOrigin: worldOrigin,
                  background: list.background)
        for command in list.commands { draw(command) }
    }

    /// Clears to the list's background, then paints its commands in order.
    public mutating func draw(_ list: DrawList) {
        clear(list.background)
        for command in list.commands { draw(command) }
    }

    /// Paints one command over the current contents, at `opacity` in [0, 1].
    public mutating func draw(_ command: DrawCommand, opacity: Double = 1) {
        switch command {
        case let .polygon(points, color):
            fillPolygon(points, color: color, opacity: opacity)
        case let .polygons(parts, color):
            fillPolygons(parts, color: color, opacity: opacity)
        case let .disc(center, radius, color):
            fillDisc(center: center, radius: radius, color: color, opacity: opacity)
        case let .capsule(from, to, radius, color):
            fillCapsule(from: from, to: to, radius: radius, color: color, opacity: opacity)
        case let .outline(points, width, color):
            strokePolygon(points, width: width, color: color, opacity: opacity)
        case let .polyline(points, width, color):
            strokePolyline(points, width: width, color: color, opacity: opacity)
        case let .marker(center, size, width, style, color):
            drawMarker(at: center, size: size, width: width, style: style, color: color, opacity: opacity)
        case let .translucent(inner, alpha):
            draw(inner, opacity: opacity * min(max(alpha, 0), 1))
        }
    }
}
