/// The glyph of a point marker.
public enum MarkerStyle: Hashable, Sendable {
    /// Diagonal cross, "x".
    case cross
    /// Upright cross, "+".
    case plus
}
