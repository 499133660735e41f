import Runs
import Tasks
/// PNG output.
extension Canvas {
    /// The canvas as PNG bytes (8-bit RGB).
    public func pngData() -> [UInt8] {
        PNGEncoder.encode(self)
    }

    /// Writes the canvas as a PNG file, atomically: on failure no file (or the previous
    /// one) remains at `path`.
    public func writePNG(to path: String) throws(RenderingError) {
        try AtomicFile.write(PNGEncoder.encode(self), to: path)
    }
}
