import ArgumentParser
import Experiments
import Foundation
#if Viewer
import Viewer
#endif

/// `pushforward view`: a scene or a policy live in a window (built with the trait `Viewer`).
struct View: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a scene or a trained policy live in a window (build with --traits Viewer).",
        discussion: """
        A scene (Scenes/pusht.yaml, or a built-in name: pusht, reach, reach-obstacle) is driven by its expert \
        or the mouse; a run folder by its policy, with its sampled chunks drawn. Options are key=value: \
        seed=1000003 episode=0 speed=1 samples=8 sampler.method=ddim sampler.steps=10 ema=true \
        driver=expert|mouse width=640 height=720 hud=true chunks=true record=demos.safetensors, and for tests \
        frames=N screenshot=FILE reference=FILE. Keys: \(ViewControl.allCases.map { "\($0.key) \($0.summary)" }.joined(separator: "; ")).
        """)

    @Argument(help: "A scene file or built-in scene name, or a run folder (training or steering run).")
    var target: String

    @Argument(help: "Options as key=value.")
    var options: [String] = []

    func run() throws {
        #if Viewer
        // Bad input is named first; then, before any window work, the display.
        let options = try ViewOptions.parse(options)
        let source = try ViewSource.open(target, options: options)
        try LiveViewer.requireDisplay()
        let statistics = try LiveViewer.run(source, options: options)
        if options.frames > 0 { print(statistics.summary) }
        #else
        throw UserFacingError("this pushforward was built without the live viewer; rebuild it with `swift build -c release --traits Viewer` (needs libglfw3-dev), or write GIFs with `pushforward render <run>`")
        #endif
    }
}
