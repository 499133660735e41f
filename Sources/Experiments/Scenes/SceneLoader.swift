import Configuration
import Foundation
import Tasks

extension SceneError: KeyedConfigError {
    public var configPath: [String] { path }
    public var configMessage: String { message }
}

/// A scene of any task family, as read from a scene file.
public enum Scene: Sendable {
    case pushT(PushTScene)
    case reach(ReachScene)

    public var name: String {
        switch self {
        case .pushT(let s): s.name
        case .reach(let s): s.name
        }
    }
}

/// Reads scene files (`Scenes/*.yaml`): strict YAML over the family's defaults (so a file
/// may leave out what it keeps from the benchmark), then the scene's own validation,
/// with every error placed on its file and line.
public enum SceneLoader {
    /// The task families and the `task:` value that selects each.
    public static let families = ["pusht", "reach"]

    /// Loads a scene file of any family, chosen by its `task:` key (default `pusht`).
    public static func load(from path: String, overrides: [String] = []) throws(ConfigError) -> Scene {
        // A bare family name is the built-in default scene (the shipped files equal them),
        // so embedded configurations work from any folder.
        if overrides.isEmpty, let builtIn = builtIn(path) { return builtIn }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("\(path): no such file (scene files are in Scenes/, e.g. Scenes/pusht.yaml)")
        }
        return try load(yaml: text, name: path, overrides: overrides)
    }

    public static func load(yaml: String, name: String, overrides: [String] = []) throws(ConfigError) -> Scene {
        let task = ConfigDocument.topLevelString("task", inYAML: yaml) ?? "pusht"
        switch task {
        case "pusht":
            return .pushT(try decode(PushTScene.self, yaml: yaml, name: name, defaults: PushTScene(), overrides: overrides) { try $0.validate() })
        case "reach":
            return .reach(try decode(ReachScene.self, yaml: yaml, name: name, defaults: ReachScene(), overrides: overrides) { try $0.validate() })
        default:
            let suggestion = Suggestion.closest(to: task, in: families).map { "; did you mean '\($0)'?" } ?? ""
            throw try ConfigDocument(yaml: yaml, name: name)
                .error(at: "task", "unknown task '\(task)'\(suggestion) (known: \(families.joined(separator: ", ")))")
        }
    }

    /// The built-in scenes by name: `pusht`, `reach`, `reach-obstacle`.
    public static func builtIn(_ name: String) -> Scene? {
        switch name {
        case "pusht": return .pushT(PushTScene())
        case "reach": return .reach(ReachScene())
        case "reach-obstacle":
            var scene = ReachScene()
            scene.name = "reach-obstacle"
            scene.obstacle = ReachScene.Obstacle(center: .init(366, 256), radius: 30)
            return .reach(scene)
        default: return nil
        }
    }

    /// Loads a Push-T-family scene file.
    public static func pushT(from path: String, overrides: [String] = []) throws(ConfigError) -> PushTScene {
        guard case .pushT(let scene) = try load(from: path, overrides: overrides) else {
            throw ConfigError("\(path): expected a Push-T scene (task: pusht)")
        }
        return scene
    }

    /// Loads a Push-T-family scene from YAML text (`name` is used in messages).
    public static func pushT(yaml: String, name: String, overrides: [String] = []) throws(ConfigError) -> PushTScene {
        guard case .pushT(let scene) = try load(yaml: yaml, name: name, overrides: overrides) else {
            throw ConfigError("\(name): expected a Push-T scene (task: pusht)")
        }
        return scene
    }

    private static func decode<S: Codable>(_ type: S.Type, yaml: String, name: String, defaults: S, overrides: [String],
                                          validate: (S) throws -> Void) throws(ConfigError) -> S {
        let loaded = try LoadedConfig.load(type, yaml: yaml, name: name, defaults: defaults, overrides: overrides)
        try loaded.validate { try validate($0) }
        return loaded.value
    }
}
