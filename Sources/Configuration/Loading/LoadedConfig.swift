/// A decoded configuration together with the resolved document it came from, so that
/// checks after decoding can still name the file and line of a value.
///
/// The pattern for configs with defaults: give every field a default in `init()`, and
/// load with `defaults: T()`. The defaults are encoded to a tree, the user's file is
/// deep-merged over it, overrides are applied, and the result is decoded strictly —
/// so users may omit any key, while a misspelt key is still an error:
///
/// ```swift
/// struct TrainConfig: Codable, Equatable {
///     var steps = 10_000
///     var policy = PolicyConfig()   // also Codable with defaults
/// }
/// let config = try LoadedConfig.load(TrainConfig.self, from: "Configs/pusht.yaml",
///                                    defaults: TrainConfig(), overrides: ["policy.width=256"])
/// print(config.value.steps)                          // the decoded value
/// try config.validate { try Scene(config: $0.scene) } // semantic errors get a line
/// let text = try config.resolvedYAML()                // the run folder's config.yaml
/// ```
public struct LoadedConfig<Value> {
    /// The decoded configuration.
    public var value: Value
    /// The resolved tree (defaults, file and overrides), for locating values.
    public var document: ConfigDocument

    init(value: Value, document: ConfigDocument) {
        self.value = value
        self.document = document
    }
}

extension LoadedConfig: Sendable where Value: Sendable {}

extension LoadedConfig {
    /// Whether the file itself set no key (it holds only comments): every value is a
    /// default or an override. A command whose defaults start a long job refuses this.
    public var fileSetsNothing: Bool {
        !(document.root.entries ?? []).contains { entry in
            if case .file = entry.keyOrigin { true } else { false }
        }
    }
}

extension LoadedConfig where Value: Decodable {
    /// Loads a YAML file strictly, every key required unless the type makes it optional.
    static func load(_ type: Value.Type, from path: String, overrides: [String] = []) throws(ConfigError) -> Self {
        try resolve(ConfigDocument(contentsOf: path), defaults: nil, overrides: overrides)
    }

    /// Loads YAML text; `name` stands for the file in error messages.
    static func load(_ type: Value.Type, yaml: String, name: String, overrides: [String] = []) throws(ConfigError) -> Self {
        try resolve(ConfigDocument(yaml: yaml, name: name), defaults: nil, overrides: overrides)
    }

    fileprivate static func resolve(_ document: ConfigDocument, defaults: ConfigDocument?, overrides: [String]) throws(ConfigError) -> Self {
        var document = document
        if let defaults { document.merge(defaults: defaults) }
        try document.apply(overrides: overrides)
        return LoadedConfig(value: try document.decode(Value.self), document: document)
    }
}

extension LoadedConfig where Value: Codable {
    /// Loads a YAML file laid over `defaults`: keys the file omits keep their default.
    public static func load(_ type: Value.Type, from path: String, defaults: Value, overrides: [String] = []) throws(ConfigError) -> Self {
        try resolve(ConfigDocument(contentsOf: path), defaults: ConfigDocument(encoding: defaults), overrides: overrides)
    }

    /// Loads YAML text laid over `defaults`; `name` stands for the file in errors.
    public static func load(_ type: Value.Type, yaml: String, name: String, defaults: Value,
                            overrides: [String] = []) throws(ConfigError) -> Self {
        try resolve(ConfigDocument(yaml: yaml, name: name), defaults: ConfigDocument(encoding: defaults), overrides: overrides)
    }
}

extension LoadedConfig where Value: Encodable {
    /// The resolved configuration as YAML in `CodingKeys` order, for `config.yaml`.
    public func resolvedYAML() throws(ConfigError) -> String {
        try ConfigDocument.yaml(for: value)
    }
}
