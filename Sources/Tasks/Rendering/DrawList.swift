import Physics2D

/// A scene to draw: a background colour and commands painted in order (later on top).
///
/// A plain value: environments build one per frame, and any canvas size renders it
/// (`Canvas.draw(_:)`).
public struct DrawList: Hashable, Sendable {
    public var background: RGB
    public var commands: [DrawCommand]

    public init(background: RGB = .background, commands: [DrawCommand] = []) {
        self.background = background
        self.commands = commands
    }

    public mutating func append(_ command: DrawCommand) {
        commands.append(command)
    }

    public mutating func append(contentsOf other: [DrawCommand]) {
        commands.append(contentsOf: other)
    }

    /// Appends a filled polygon given in body coordinates, placed by `transform`
    /// (`world = R(angle) * local + position`).
    public mutating func appendPolygon(_ local: [Vec2], at transform: Transform, color: RGB) {
        commands.append(.polygon(local.map(transform.apply), color: color))
    }

    /// Appends a body made of convex parts given in body coordinates, placed by `transform`,
    /// filled as one shape (no seams between parts).
    public mutating func appendPolygons(_ parts: [[Vec2]], at transform: Transform, color: RGB) {
        commands.append(.polygons(parts.map { $0.map(transform.apply) }, color: color))
    }

    /// Appends the outline of a polygon given in body coordinates, placed by `transform`.
    public mutating func appendOutline(_ local: [Vec2], at transform: Transform, width: Length, color: RGB) {
        commands.append(.outline(local.map(transform.apply), width: width, color: color))
    }
}
