/// An animated GIF (GIF89a) built frame by frame, looping via the NETSCAPE2.0 extension.
///
/// All frames share the size given at creation and one global palette (`GIFPalette`).
/// Frames are quantised and LZW-compressed as they are appended, so memory holds only
/// compressed data. Every frame is stored whole (no inter-frame differencing) and replaces
/// the previous one.
public struct GIFAnimation: Sendable {
    /// Frame width in pixels.
    public let width: Int
    /// Frame height in pixels.
    public let height: Int
    /// The global colour table.
    public let palette: GIFPalette
    /// How many times viewers repeat the animation; 0 means forever.
    public var loopCount: Int
    /// Each frame's graphic control extension, image descriptor and image data.
    private var frames: [[UInt8]] = []

    /// Number of frames appended so far.
    public var frameCount: Int { frames.count }

    public init(width: Int, height: Int, palette: GIFPalette = .standard, loopCount: Int = 0) {
        precondition((1...65535).contains(width) && (1...65535).contains(height), "GIF size must be 1...65535")
        self.width = width
        self.height = height
        self.palette = palette
        self.loopCount = min(max(loopCount, 0), 65535)
    }

    /// Appends `canvas` (same size as the animation), shown for `delayCentiseconds`
    /// hundredths of a second (clamped to 0...65535; many viewers treat values below 2 as 10).
    public mutating func append(_ canvas: Canvas, delayCentiseconds: Int = 10) {
        precondition(canvas.width == width && canvas.height == height,
                     "frame is \(canvas.width) x \(canvas.height), animation is \(width) x \(height)")
        appendIndexed(palette.indices(for: canvas), delayCentiseconds: delayCentiseconds)
    }

    /// Appends a frame of palette indices (row-major, top row first).
    mutating func appendIndexed(_ indices: [UInt8], delayCentiseconds: Int) {
        precondition(indices.count == width * height, "frame has \(indices.count) pixels, expected \(width * height)")
        let delay = min(max(delayCentiseconds, 0), 65535)
        var block: [UInt8] = []
        // Graphic control extension: disposal 1 (leave in place), no transparency.
        block += [0x21, 0xF9, 0x04, 0b0000_0100]
        appendLittleEndian(delay, to: &block)
        block += [0x00, 0x00]
        // Image descriptor: full frame at (0, 0), no local colour table, not interlaced.
        block.append(0x2C)
        appendLittleEndian(0, to: &block)
        appendLittleEndian(0, to: &block)
        appendLittleEndian(width, to: &block)
        appendLittleEndian(height, to: &block)
        block.append(0x00)
        let encoder = LZWEncoder(minimumCodeSize: 8)
        block.append(UInt8(encoder.minimumCodeSize))
        let data = indices.withUnsafeBufferPointer { encoder.encode($0) }
        // Data sub-blocks of at most 255 bytes, then an empty block.
        var start = 0
        while start < data.count {
            let end = min(start + 255, data.count)
            block.append(UInt8(end - start))
            block += data[start..<end]
            start = end
        }
        block.append(0x00)
        frames.append(block)
    }

    /// The GIF file's bytes.
    public func encoded() -> [UInt8] {
        var out = Array("GIF89a".utf8)
        appendLittleEndian(width, to: &out)
        appendLittleEndian(height, to: &out)
        // Global colour table of 2^(7+1) = 256 entries, 8 bits per primary, not sorted.
        out += [0b1111_0111, 0x00, 0x00]
        for i in 0..<256 {
            let c = i < palette.colors.count ? palette.colors[i] : .black
            out += [c.r, c.g, c.b]
        }
        // NETSCAPE2.0 application extension: sub-block 1 holds the loop count.
        out += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01]
        appendLittleEndian(loopCount, to: &out)
        out.append(0x00)
        for frame in frames { out += frame }
        out.append(0x3B)
        return out
    }

    /// Writes the animation atomically: on failure no file (or the previous one) remains
    /// at `path`. An animation without frames is an error.
    public func write(to path: String) throws(RenderingError) {
        guard !frames.isEmpty else { throw RenderingError(path: path, reason: "the animation has no frames") }
        try AtomicFile.write(encoded(), to: path)
    }

    private func appendLittleEndian(_ v: Int, to out: inout [UInt8]) {
        out += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)]
    }
}
