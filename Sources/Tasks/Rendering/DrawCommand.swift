import Physics2D

/// One drawing instruction of a scene, in world coordinates (world units, y down).
///
/// Environments describe what they show as a `DrawList` of these; a `Canvas` of any size
/// renders it. Lengths that describe physical geometry (polygon vertices, disc and capsule
/// radii) are world units; line widths and marker sizes are a `Length`, so they can stay
/// a fixed number of pixels on small frames.
public enum DrawCommand: Hashable, Sendable {
    /// A filled convex polygon (vertices in world units, either winding).
    case polygon([Vec2], color: RGB)
    /// The union of convex polygons filled as one shape, with no seam where parts share an
    /// edge: the way to draw a body made of several convex shapes (the T of Push-T).
    case polygons([[Vec2]], color: RGB)
    /// A filled disc (world units).
    case disc(center: Vec2, radius: Double, color: RGB)
    /// A filled capsule: points within `radius` world units of the segment `from`-`to`.
    case capsule(from: Vec2, to: Vec2, radius: Double, color: RGB)
    /// The closed outline of a polygon, a band of `width` centred on its boundary, with round
    /// joins. The polygon may be non-convex: outline a multi-part body by its union's boundary.
    case outline([Vec2], width: Length, color: RGB)
    /// An open path with round caps and joins.
    case polyline([Vec2], width: Length, color: RGB)
    /// A point marker; `size` is the half-length of the arms.
    case marker(center: Vec2, size: Length, width: Length, style: MarkerStyle, color: RGB)
    /// `command` blended at `opacity` in [0, 1] (for ghosts, sampled trajectories).
    indirect case translucent(DrawCommand, opacity: Double)
}
