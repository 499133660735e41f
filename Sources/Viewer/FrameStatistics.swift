#if Viewer
import Foundation

/// Frame and replan times of a viewer run (wall clock; for `frames=N` timing runs).
public struct FrameStatistics: Sendable {
    public var frames = 0
    /// Seconds from the start of each frame to the end of its buffer swap.
    public var frameSeconds: [Double] = []
    /// Seconds from the start of each frame to just before the swap: stepping, replanning
    /// and issuing the drawing (a software OpenGL rasterizes mostly during the swap).
    public var workSeconds: [Double] = []
    /// Seconds of each replan (every sample and the steered chunk).
    public var replanSeconds: [Double] = []

    /// One line: mean, 99th percentile and maximum of each.
    public var summary: String {
        func describe(_ values: [Double]) -> String {
            guard !values.isEmpty else { return "none" }
            let sorted = values.sorted()
            let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.down)))]
            let mean = values.reduce(0, +) / Double(values.count)
            return String(format: "mean %.2f ms, p99 %.2f ms, max %.2f ms", mean * 1000, p99 * 1000, sorted.last! * 1000)
        }
        return "frames \(frames): frame time \(describe(frameSeconds)) (before the swap: \(describe(workSeconds))); "
            + "replans \(replanSeconds.count): \(describe(replanSeconds))"
    }
}
#endif
