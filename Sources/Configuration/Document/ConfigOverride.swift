import Foundation
import Yams

/// One `key=value` override from the command line, e.g. `policy.width=256` or
/// `eval.seeds=[1,2,3]`.
///
/// The value is parsed as YAML (a scalar, or a flow sequence or mapping); every node it
/// creates has the origin `.override(text)`, so later errors name the override.
struct ConfigOverride: Sendable, Hashable {
    /// The override exactly as given, which is how errors name it.
    var text: String
    var path: ConfigPath
    var value: ConfigNode

    /// Parses `key=value`; the key is dotted (`train.steps`), numeric segments index
    /// sequences (`eval.seeds.0=7`). No `=`, an empty key or empty key segments, and a
    /// value that is not valid YAML are errors.
    init(_ text: String) throws(ConfigError) {
        self.text = text
        let origin = ConfigOrigin.override(text)
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError("expected key=value, e.g. train.steps=20000", at: origin)
        }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else {
            throw ConfigError("the key before '=' is empty", at: origin)
        }
        let segments = key.split(separator: ".", omittingEmptySubsequences: false)
        guard !segments.contains(where: \.isEmpty) else {
            throw ConfigError("the key '\(key)' has an empty part between dots", at: origin)
        }
        path = ConfigPath(segments.map { .key(String($0)) })
        let valueText = String(text[text.index(after: equals)...])
        do {
            let node = try Yams.compose(yaml: valueText)
            value = try node.map { node throws(ConfigError) in try ConfigNode(yams: node, name: text, origin: origin) }
                ?? .null(at: origin)
        } catch let error as ConfigError {
            throw error
        } catch {
            let parseError = ConfigDocument.describe(error, yaml: valueText, name: text)
            throw ConfigError("the value is not valid YAML: \(parseError.message)", at: origin)
        }
    }
}

extension ConfigDocument {
    /// Applies overrides in order (a later one wins). A path that does not exist yet is
    /// created as nested mappings — the strict decode then reports it as an unknown
    /// key, with a suggestion, naming this override.
    mutating func apply(overrides: [String]) throws(ConfigError) {
        for text in overrides {
            try apply(ConfigOverride(text))
        }
    }

    mutating func apply(_ override: ConfigOverride) throws(ConfigError) {
        try root.set(override.value, at: override.path.segments[...], override: override, walked: ConfigPath())
    }
}

extension ConfigNode {
    /// Sets `value` at `path` below this node, merging a mapping value over an existing
    /// mapping (so `policy={width: 3}` changes only the width).
    fileprivate mutating func set(_ value: ConfigNode, at path: ArraySlice<ConfigPath.Segment>,
                                  override: ConfigOverride, walked: ConfigPath) throws(ConfigError) {
        guard let segment = path.first else {
            self = value.merged(over: self)
            return
        }
        let origin = ConfigOrigin.override(override.text)
        let rest = path.dropFirst()
        switch (self.value, segment) {
        case (.mapping(var entries), .key(let key)):
            if let index = entries.firstIndex(where: { $0.key == key }) {
                try entries[index].value.set(value, at: rest, override: override, walked: walked.appending(key: key))
                // The override now owns this key: errors about it should name the override.
                if rest.isEmpty { entries[index].keyOrigin = origin }
            } else {
                var child = rest.isEmpty ? value : ConfigNode.emptyMapping(at: origin)
                if !rest.isEmpty {
                    try child.set(value, at: rest, override: override, walked: walked.appending(key: key))
                }
                entries.append(Entry(key: key, keyOrigin: origin, value: child))
            }
            self.value = .mapping(entries)
        case (.sequence(var items), .key(let key)):
            guard let index = Int(key), items.indices.contains(index) else {
                let range = items.isEmpty ? "it is empty" : "index it with 0 to \(items.count - 1)"
                throw ConfigError("'\(walked)' is a list of \(items.count) item\(items.count == 1 ? "" : "s"); \(range)", at: origin)
            }
            try items[index].set(value, at: rest, override: override, walked: walked.appending(.index(index)))
            self.value = .sequence(items)
        default:
            throw ConfigError("'\(walked)' is \(foundDescription), not a mapping with keys", at: origin)
        }
    }
}
