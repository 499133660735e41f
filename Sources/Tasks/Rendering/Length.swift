import Physics2D

/// A length given either in world units (scales with the canvas) or in pixels (stays the
/// same size on any canvas; for outlines and markers that must stay visible in 96 x 96 frames).
public enum Length: Hashable, Sendable {
    /// World units (Push-T and Reach worlds are 512 units wide).
    case units(Double)
    /// Output pixels.
    case pixels(Double)
}
