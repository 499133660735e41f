import Configuration
import Foundation
import Tasks

extension SceneError: KeyedConfigError {
    public var configPath: [String] { path }
    public var configMessage: String { message }
}

/// Reads scene files (`Scenes/*.yaml`): strict YAML over the family's defaults (so a file
/// may leave out what it keeps from the benchmark), then the scene's own validation,
/// with every error placed on its file and line.
public enum SceneLoader {
    /// Loads a scene file of any family, chosen by its `task:` key (default `pusht`).
    public static func load(from path: String, overrides: [String] = []) throws(ConfigError) -> any TaskScene {
        // A bare family name is the built-in default scene (the shipped files equal them),
        // so embedded configurations work from any folder.
        if overrides.isEmpty, let builtIn = TaskRegistry.builtInScene(named: path) { return builtIn }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError("\(path): no such file (scene files are in Scenes/, e.g. Scenes/pusht.yaml)")
        }
        let text = try ConfigDocument.readFile(path)
        return try load(yaml: text, name: path, overrides: overrides)
    }

    public static func load(yaml: String, name: String, overrides: [String] = []) throws(ConfigError) -> any TaskScene {
        let task = ConfigDocument.topLevelString("task", inYAML: yaml) ?? PushTScene.family
        guard let family = TaskRegistry.family(named: task) else {
            let names = TaskRegistry.familyNames
            let suggestion = Suggestion.closest(to: task, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw try ConfigDocument(yaml: yaml, name: name)
                .error(at: "task", "unknown task '\(task)'\(suggestion) (known: \(names.joined(separator: ", ")))")
        }
        return try decode(family, yaml: yaml, name: name, overrides: overrides)
    }

    /// Loads a Push-T-family scene file.
    public static func pushT(from path: String, overrides: [String] = []) throws(ConfigError) -> PushTScene {
        guard let scene = try load(from: path, overrides: overrides) as? PushTScene else {
            throw ConfigError("\(path): expected a Push-T scene (task: pusht)")
        }
        return scene
    }

    /// Loads a Push-T-family scene from YAML text (`name` is used in messages).
    public static func pushT(yaml: String, name: String, overrides: [String] = []) throws(ConfigError) -> PushTScene {
        guard let scene = try load(yaml: yaml, name: name, overrides: overrides) as? PushTScene else {
            throw ConfigError("\(name): expected a Push-T scene (task: pusht)")
        }
        return scene
    }

    private static func decode<S: TaskScene>(_ type: S.Type, yaml: String, name: String,
                                             overrides: [String]) throws(ConfigError) -> S {
        let loaded = try LoadedConfig.load(type, yaml: yaml, name: name, defaults: S.defaults, overrides: overrides)
        try loaded.validate { try $0.validate() }
        return loaded.value
    }
}
