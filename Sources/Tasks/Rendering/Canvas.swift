import Physics2D

/// An 8-bit RGB framebuffer with a world-to-pixel mapping.
///
/// Conventions, shared with the simulator: x to the right, **y down**, both in world
/// units and in pixels, so nothing is ever flipped. Pixel `(i, j)` covers the square
/// `[i, i+1) x [j, j+1)` in continuous pixel coordinates; its centre is `(i + 0.5, j + 0.5)`.
/// A world point `p` lands at `(p - worldOrigin) * pixelsPerUnit`.
///
/// The scale is uniform, so discs stay round: `pixelsPerUnit = min(width, height) / worldExtent`.
/// A 256 x 256 canvas of the 512-unit Push-T world therefore draws at 0.5 pixel per unit,
/// and a non-square canvas shows more world along its longer side.
public struct Canvas: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The world point at the top-left corner of pixel (0, 0), in world units.
    public let worldOrigin: Vec2
    /// Output pixels per world unit.
    public let pixelsPerUnit: Double
    /// The pixels: row-major, top row first, 3 bytes (R, G, B) per pixel, no padding.
    public internal(set) var pixels: [UInt8]

    /// A canvas filled with `background`.
    /// - Parameters:
    ///   - width: pixels, at least 1.
    ///   - height: pixels, at least 1.
    ///   - worldExtent: world units spanned by the shorter side of the canvas (512 for
    ///     Push-T and Reach).
    ///   - worldOrigin: world point shown at the top-left corner.
    public init(width: Int, height: Int, worldExtent: Double = 512, worldOrigin: Vec2 = .zero,
                background: RGB = .background) {
        precondition(width > 0 && height > 0, "Canvas size must be positive, got \(width) x \(height)")
        precondition(worldExtent > 0 && worldExtent.isFinite, "worldExtent must be positive and finite")
        self.width = width
        self.height = height
        self.worldOrigin = worldOrigin
        self.pixelsPerUnit = Double(min(width, height)) / worldExtent
        self.pixels = [UInt8](repeating: 0, count: width * height * 3)
        clear(background)
    }

    /// Maps a world point to continuous pixel coordinates (not rounded, not clipped).
    @inlinable public func pixelPoint(_ world: Vec2) -> Vec2 {
        (world - worldOrigin) * pixelsPerUnit
    }

    /// Maps continuous pixel coordinates back to the world.
    @inlinable public func worldPoint(_ pixel: Vec2) -> Vec2 {
        pixel / pixelsPerUnit + worldOrigin
    }

    /// A length in output pixels.
    @inlinable public func pixelLength(_ length: Length) -> Double {
        switch length {
        case .units(let u): return u * pixelsPerUnit
        case .pixels(let p): return p
        }
    }

    /// The colour of pixel `(x, y)`; `x` in `0..<width`, `y` in `0..<height` (y down).
    public subscript(x: Int, y: Int) -> RGB {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside the canvas")
            let i = (y * width + x) * 3
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside the canvas")
            let i = (y * width + x) * 3
            pixels[i] = newValue.r
            pixels[i + 1] = newValue.g
            pixels[i + 2] = newValue.b
        }
    }

    /// Fills every pixel with `color`.
    public mutating func clear(_ color: RGB) {
        let rowBytes = width * 3
        pixels.withUnsafeMutableBufferPointer { buf in
            if color.r == color.g && color.g == color.b {
                buf.update(repeating: color.r)
                return
            }
            var i = 0
            while i < rowBytes {
                buf[i] = color.r
                buf[i + 1] = color.g
                buf[i + 2] = color.b
                i += 3
            }
            // Copy the first row down, doubling the filled part each time.
            let base = UnsafeMutableRawPointer(buf.baseAddress!)
            var filled = rowBytes
            while filled < buf.count {
                let n = min(filled, buf.count - filled)
                (base + filled).copyMemory(from: base, byteCount: n)
                filled += n
            }
        }
    }
}
