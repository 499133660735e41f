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
#endif
