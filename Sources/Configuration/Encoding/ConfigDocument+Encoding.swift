import Yams

/// Documents built from Swift values, and documents written back as YAML.
extension ConfigDocument {
    /// The document of a value, e.g. a config struct's defaults: every node's origin
    /// is `.defaults`, which errors render as `default:`.
    init(encoding value: some Encodable, name: String = "default") throws(ConfigError) {
        self.init(name: name, root: try ConfigEncoder.node(for: value, origin: .defaults))
    }

    /// The tree as YAML text: block mappings in tree order, short scalar lists inline.
    func yaml() throws(ConfigError) -> String {
        do {
            return try Yams.serialize(node: root.yamsNode, indent: 2, width: -1, allowUnicode: true)
        } catch {
            throw ConfigError("cannot write YAML: \(error)")
        }
    }

    /// `value` as YAML in its `CodingKeys` order — the resolved `config.yaml` of a run
    /// folder. Decoding the text again gives back an equal value.
    static func yaml(for value: some Encodable) throws(ConfigError) -> String {
        try ConfigDocument(encoding: value).yaml()
    }
}
