import Foundation
import Yams

/// A parsed YAML configuration with the origin of every value: the unit that defaults
/// are merged under, overrides are applied to, and types are strictly decoded from.
///
/// ```swift
/// var document = try ConfigDocument(contentsOf: "Configs/pusht/diffusion.yaml")
/// document.merge(defaults: try ConfigDocument(encoding: TrainConfig()))
/// try document.apply(overrides: ["policy.width=256"])
/// let config = try document.decode(TrainConfig.self)
/// ```
public struct ConfigDocument: Sendable {
    /// The name errors use for positions in this document (a path or display name).
    var name: String
    /// The resolved tree (after any merging and overrides so far).
    var root: ConfigNode

    init(name: String, root: ConfigNode) {
        self.name = name
        self.root = root
    }

    /// Parses YAML text; `name` is what error messages show as the file.
    ///
    /// An empty document is an empty mapping, so that a config file holding only
    /// comments means "all defaults".
    public init(yaml: String, name: String) throws(ConfigError) {
        self.name = name
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigDocument.describe(error, yaml: yaml, name: name)
        }
        if let node, !ConfigNode.isEmptyDocument(node) {
            root = try ConfigNode(yams: node, name: name)
        } else {
            root = .emptyMapping(at: .file(name: name, line: 1, column: 1))
        }
    }

    /// Reads and parses the YAML file at `path`; errors name the path as given.
    public init(contentsOf path: String) throws(ConfigError) {
        try self.init(yaml: Self.readFile(path), name: path)
    }

    /// The text of a configuration or scene file, with one-line errors naming `path`
    /// for a missing file, a folder, an empty file and text that is not UTF-8.
    ///
    /// A file with nothing in it (or only blank lines) is an error: it is far more
    /// likely truncated or the wrong file than a request for every default. A file that
    /// holds only comments still means "all defaults" (see `init(yaml:name:)`).
    public static func readFile(_ path: String) throws(ConfigError) -> String {
        let data = Data(try readBytes(path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("\(path): cannot read the file as UTF-8 text")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw ConfigError("\(path): the file is empty")
        }
        return text
    }

    /// Lays this document over `defaults` (see `ConfigNode.merged(over:)`).
    mutating func merge(defaults: ConfigDocument) {
        root = root.merged(over: defaults.root)
    }

    /// Where the value at `path` was written: file and line, `default`, or the
    /// override that set it. Missing paths answer with their nearest existing parent.
    func origin(of path: ConfigPath) -> ConfigOrigin {
        root.nearestOrigin(of: path)
    }

    /// Where the value at a dotted path (`block.parts[1]` or `block.parts.1`) was written.
    func origin(of dottedPath: String) -> ConfigOrigin {
        origin(of: ConfigPath(dotted: dottedPath))
    }

    /// An error about the value at `path`, in the one-line form
    /// `file:line: key 'block.parts[1]': <message>`.
    ///
    /// Use this for semantic checks that run after decoding, e.g. a scene whose part
    /// is not convex: the lower module reports a coding path, this names the line.
    func error(at path: ConfigPath, _ message: String) -> ConfigError {
        let shown = root.displayPath(path)
        let origin = origin(of: path)
        // A default value has no line; the file it was checked for still names the run.
        guard origin != .defaults else {
            return ConfigError("\(name): " + (shown.isEmpty ? "" : "key '\(shown)' (the default): ") + message)
        }
        let keyPart = shown.isEmpty ? "" : "key '\(shown)': "
        return ConfigError(keyPart + message, at: origin)
    }

    /// `error(at:_:)` for a `Decodable` coding path, such as a `DecodingError`'s or the
    /// string keys a lower module collected while validating.
    func error(at codingPath: [any CodingKey], _ message: String) -> ConfigError {
        error(at: ConfigPath(codingPath: codingPath), message)
    }

    /// `error(at:_:)` for a dotted path such as `block.parts.1`.
    public func error(at dottedPath: String, _ message: String) -> ConfigError {
        error(at: ConfigPath(dotted: dottedPath), message)
    }
}

extension ConfigNode {
    /// A document holding only comments composes to a null scalar.
    static func isEmptyDocument(_ node: Yams.Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null"].contains(scalar.string)
    }
}
