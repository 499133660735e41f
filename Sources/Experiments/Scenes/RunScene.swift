import Configuration
import Runs
import Tasks

/// A training run's scene, kept inside the run folder (`scene.yaml`, a copy of the scene
/// file it was trained on), so that `eval`, `render`, `steer` and `--resume` find it from
/// any working directory and see the scene the policy was trained on even if the file
/// changes later. Runs made before the copy existed read the configured path.
enum RunScene {
    static let fileName = "scene.yaml"

    static func copyPath(_ run: RunFolder) -> String { RunFiles.join(run.path, fileName) }

    /// Copies the scene file `scenePath` into `run` (a built-in scene name needs no copy).
    static func save(_ scenePath: String, into run: RunFolder) throws {
        guard TaskRegistry.builtInScene(named: scenePath) == nil else { return }
        try RunFiles.writeAtomically(try ConfigDocument.readFile(scenePath), to: copyPath(run))
    }

    /// The scene of `run`, configured as `scenePath`: the run's copy when it has one.
    static func load(_ scenePath: String, of run: RunFolder) throws(ConfigError) -> any TaskScene {
        let copy = copyPath(run)
        guard TaskRegistry.builtInScene(named: scenePath) == nil, RunFiles.exists(copy) else {
            return try SceneLoader.load(from: scenePath)
        }
        return try SceneLoader.load(yaml: try ConfigDocument.readFile(copy), name: copy)
    }
}
