#if Viewer
import CGLFW
import Experiments
import Foundation
import Media
import Tasks

/// `pushforward view`: a resizable GLFW window showing a `ViewSession` live.
public enum LiveViewer {
    /// Fails at once, with what to do instead, when no display can be reached.
    public static func requireDisplay() throws {
        let environment = ProcessInfo.processInfo.environment
        if (environment["DISPLAY"] ?? "").isEmpty && (environment["WAYLAND_DISPLAY"] ?? "").isEmpty {
            throw UserFacingError(noDisplay("DISPLAY is not set"))
        }
    }

    static func noDisplay(_ reason: String) -> String {
        "no display (\(reason)): the live viewer needs a window; `pushforward render <run>` writes GIFs without one"
    }

    /// Opens the window and runs until `esc`, a closed window, or `options.frames` frames.
    public static func run(_ source: ViewSource, options: ViewOptions) throws -> FrameStatistics {
        try requireDisplay()
        return try run(task: source.task, source: source, options: options)
    }

    private static func run<Task: TaskDefinition>(task: Task, source: ViewSource, options: ViewOptions) throws -> FrameStatistics {
        let session = try ViewSession(task: task, source: source, options: options)
        let window = try ViewerWindow(title: "pushforward view \(source.name)", width: options.width, height: options.height,
                                      samples: options.antialias, fixedClock: options.frames > 0)
        defer { window.close() }
        var statistics = FrameStatistics()
        let painter = HeadsUpPainter()
        var last = DispatchTime.now().uptimeNanoseconds
        while !window.shouldClose {
            let start = DispatchTime.now().uptimeNanoseconds
            window.pollEvents()
            var quit = false
            for control in window.takeControls() where !quit {
                quit = try !session.apply(control)
            }
            if quit { break }
            let layout = window.layout(headsUpLines: options.hud ? 4 : 0)
            if let cursor = window.cursor { session.pointer = layout.world(cursor) } else { session.pointer = nil }
            session.pointerHeld = window.leftButtonHeld
            let elapsed = options.frames > 0 ? 1.0 / 60 : min(Double(start - last) / 1e9, 0.25)
            last = start
            try session.advance(by: elapsed)
            let list = session.frame()
            window.draw(list, layout: layout)
            if options.hud {
                let help = session.showsHelp ? ViewControl.helpLines : []
                painter.draw(session.headsUp, help: help, layout: layout)
            }
            statistics.frames += 1
            if options.frames > 0, statistics.frames == options.frames {
                if !options.screenshot.isEmpty { try window.screenshot(layout: layout).writePNG(to: options.screenshot) }
                if !options.reference.isEmpty {
                    try Canvas(width: layout.scene, height: layout.scene, rendering: list).writePNG(to: options.reference)
                }
            }
            statistics.workSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            window.swapBuffers()
            statistics.frameSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            if options.frames > 0, statistics.frames >= options.frames { break }
        }
        statistics.replanSeconds = session.replanLatencies
        return statistics
    }
}

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
