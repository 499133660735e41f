import Runs
import Tasks
/// An animated GIF (GIF89a) built frame by frame, looping via the NETSCAPE2.0 extension.
///
/// All frames share the size given at creation and one global palette (`GIFPalette`).
/// Frames are quantised and LZW-compressed as they are appended, so memory holds only
/// compressed data and the previous frame. Each frame after the first stores only the
/// rectangle of pixels that changed, drawn over the previous frame (disposal "leave in
/// place"); scenes where little moves shrink several-fold.
public struct GIFAnimation: Sendable {
    /// Frame width in pixels.
    let width: Int
    /// Frame height in pixels.
    let height: Int
    /// The global colour table.
    let palette: GIFPalette
    /// How many times viewers repeat the animation; 0 means forever.
    var loopCount: Int
    /// Each frame's graphic control extension, image descriptor and image data.
    private var frames: [[UInt8]] = []
    /// Palette indices of the last frame, to find what changed.
    private var previous: [UInt8] = []

    /// Number of frames appended so far.
    var frameCount: Int { frames.count }

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
        let (x0, y0, x1, y1) = changedRectangle(indices)
        var block: [UInt8] = []
        // Graphic control extension: disposal 1 (leave in place), no transparency.
        block += [0x21, 0xF9, 0x04, 0b0000_0100]
        appendLittleEndian(delay, to: &block)
        block += [0x00, 0x00]
        // Image descriptor: the changed rectangle, no local colour table, not interlaced.
        block.append(0x2C)
        appendLittleEndian(x0, to: &block)
        appendLittleEndian(y0, to: &block)
        appendLittleEndian(x1 - x0, to: &block)
        appendLittleEndian(y1 - y0, to: &block)
        block.append(0x00)
        var sub: [UInt8] = []
        sub.reserveCapacity((x1 - x0) * (y1 - y0))
        for y in y0..<y1 { sub += indices[(y * width + x0)..<(y * width + x1)] }
        let encoder = LZWEncoder(minimumCodeSize: 8)
        block.append(UInt8(encoder.minimumCodeSize))
        let data = sub.withUnsafeBufferPointer { encoder.encode($0) }
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
        previous = indices
    }

    /// The smallest rectangle `[x0, x1) x [y0, y1)` holding every pixel that differs from
    /// the previous frame: the whole frame for the first one, and a single pixel when
    /// nothing changed (a frame must hold at least one).
    private func changedRectangle(_ indices: [UInt8]) -> (Int, Int, Int, Int) {
        guard previous.count == indices.count else { return (0, 0, width, height) }
        var x0 = width, y0 = height, x1 = 0, y1 = 0
        indices.withUnsafeBufferPointer { now in
            previous.withUnsafeBufferPointer { before in
                for y in 0..<height {
                    let row = y * width
                    var first = -1, last = -1
                    for x in 0..<width where now[row + x] != before[row + x] {
                        if first < 0 { first = x }
                        last = x
                    }
                    if first >= 0 {
                        x0 = min(x0, first); x1 = max(x1, last + 1)
                        y0 = min(y0, y); y1 = y + 1
                    }
                }
            }
        }
        return x0 < x1 ? (x0, y0, x1, y1) : (0, 0, 1, 1)
    }

    /// The GIF file's bytes.
    func encoded() -> [UInt8] {
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
