import Configuration
import Foundation
import Policies
import Runs

/// The options of `pushforward view`, given as `key=value` after the scene or run.
public struct ViewOptions: Codable, Hashable, Sendable {
    /// Episode seeds come from evaluation's stream, so episode `i` of seed `s` starts where
    /// `pushforward eval seed=s` starts its episode `i`.
    public var seed = EvaluationOptions.defaultSeed
    /// The first episode shown (`n` moves to the next).
    public var episode = 0
    /// Simulated seconds per wall-clock second (1 is real time; `[` and `]` do not change
    /// it: they are the composition weight's keys).
    public var speed = 1.0
    /// Chunks sampled at each replan (one batched network call); the first is executed,
    /// the others show the policy's spread (multimodality).
    public var samples = 8
    /// The sampler to start with; defaults to the run's evaluation sampler.
    public var sampler: Sampler?
    /// Run the EMA weights (true) or the raw training weights of a training run.
    public var ema = true
    /// Who drives a bare scene at the start: `expert` or `mouse` (a run starts with its policy).
    public var driver = ViewDriver.expert
    /// Window size in screen pixels (the scene is the largest square that fits above the
    /// heads-up band).
    public var width = 640
    public var height = 720
    /// Multisampling per pixel of the window (anti-aliasing; 0 turns it off, which a
    /// software OpenGL draws faster).
    public var antialias = 4
    /// Draw the heads-up line and the action chunks.
    public var hud = true
    public var chunks = true
    /// Run this many frames with a fixed clock (1/60 s of simulated time per frame at 1x),
    /// then quit; 0 runs until `esc`. For tests and timing.
    public var frames = 0
    /// With `frames`: the window's last frame as PNG (what OpenGL drew).
    public var screenshot = ""
    /// With `frames`: the software renderer's frame of the same state, same size (the
    /// scene square of the window; for comparing the two renderers).
    public var reference = ""
    /// Record mouse-teleoperated episodes into this demonstration dataset (safetensors),
    /// rewritten after each episode; starts in mouse mode.
    public var record = ""

    public init() {}

    /// The options over their defaults; the message of an error names the key.
    public static func parse(_ overrides: [String]) throws -> ViewOptions {
        let options = try LoadedConfig.load(ViewOptions.self, yaml: "{}", name: "command line", defaults: ViewOptions(),
                                            overrides: overrides).value
        try options.validate()
        return options
    }

    func validate() throws {
        guard speed > 0, speed <= 100, speed.isFinite else { throw UserFacingError("speed must be in (0, 100], got \(speed)") }
        guard (1...64).contains(samples) else { throw UserFacingError("samples must be in 1...64, got \(samples)") }
        guard episode >= 0 else { throw UserFacingError("episode must be at least 0, got \(episode)") }
        guard (64...8192).contains(width), (64...8192).contains(height) else {
            throw UserFacingError("width and height must be in 64...8192 pixels, got \(width) x \(height)")
        }
        guard [0, 2, 4, 8, 16].contains(antialias) else { throw UserFacingError("antialias must be 0, 2, 4, 8 or 16 samples per pixel, got \(antialias)") }
        guard frames >= 0 else { throw UserFacingError("frames must be at least 0, got \(frames)") }
        for (key, path) in [("screenshot", screenshot), ("reference", reference)] where !path.isEmpty {
            guard frames > 0 else { throw UserFacingError("\(key)= needs frames=N (the frame to capture is the last of N)") }
            try Self.checkWritable(path, key: key)
        }
        if !record.isEmpty { try Self.checkWritable(record, key: "record") }
    }

    /// A file can be written at `path`: its folder exists and it is not a folder itself.
    static func checkWritable(_ path: String, key: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw UserFacingError("\(key)=\(path): is a folder; give a file name")
        }
        let folder = RunFiles.parent(of: path)
        if !folder.isEmpty {
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw UserFacingError("\(key)=\(path): no such folder '\(folder)'")
            }
        }
    }
}

/// Who chooses the actions of the episode on screen.
public enum ViewDriver: String, Codable, Hashable, Sendable, CaseIterable {
    /// The run's policy through the receding-horizon controller.
    case policy
    /// The task's scripted expert (its teacher: a chunk from the current state, first action executed).
    case expert
    /// The mouse: while the left button is held, the action commands the pointer.
    case mouse
}
