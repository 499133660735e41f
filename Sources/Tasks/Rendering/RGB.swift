/// An opaque 8-bit sRGB colour (no gamma handling: blends are done on the stored values,
/// as the reference pygame renderer does).
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public var description: String { "RGB(\(r), \(g), \(b))" }

    /// `self` at `t = 0`, `other` at `t = 1`, rounded to the nearest value per channel;
    /// `t` is clamped to [0, 1].
    @inlinable public func mixed(with other: RGB, _ t: Double) -> RGB {
        let t = min(max(t, 0), 1)
        @inline(__always) func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return RGB(channel(r, other.r), channel(g, other.g), channel(b, other.b))
    }
}
