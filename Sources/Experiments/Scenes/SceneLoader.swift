import Tasks

extension SceneError: KeyedConfigError {
    public var configPath: [String] { path }
    public var configMessage: String { message }
}

/// Reads scene files (`Scenes/*.yaml`): strict YAML over the scene's defaults, then the
/// scene's own validation, with every error placed on its file and line.
public enum SceneLoader {
    /// Loads a Push-T-family scene. Keys left out keep the benchmark's values.
    public static func pushT(from path: String, overrides: [String] = []) throws(ConfigError) -> PushTScene {
        let loaded = try LoadedConfig.load(PushTScene.self, from: path, defaults: PushTScene(), overrides: overrides)
        try loaded.validate { try $0.validate() }
        return loaded.value
    }

    /// Loads a Push-T-family scene from YAML text (`name` is used in messages).
    public static func pushT(yaml: String, name: String, overrides: [String] = []) throws(ConfigError) -> PushTScene {
        let loaded = try LoadedConfig.load(PushTScene.self, yaml: yaml, name: name, defaults: PushTScene(), overrides: overrides)
        try loaded.validate { try $0.validate() }
        return loaded.value
    }
}
