/// Strict decoding of any `Decodable` from a document.
extension ConfigDocument {
    /// Decodes `type` from the resolved tree, strictly: wrong types, missing keys and
    /// keys the type never asked for are errors naming the file, line and dotted key.
    ///
    /// Unknown keys are found by recording which keys each keyed container was asked
    /// about (`decode`, `decodeIfPresent`, `contains`, `allKeys`); after a successful
    /// decode, any key of an opened mapping never asked about is reported with the
    /// closest asked-for key as a suggestion. Keys that came from the defaults are
    /// never reported: they are not the user's doing.
    ///
    /// Validation inside `init(from:)` can throw `DecodingError.dataCorrupted` with a
    /// coding path (or any error): it is reported at that path's line.
    public func decode<T: Decodable>(_ type: T.Type) throws(ConfigError) -> T {
        let ledger = DecodingLedger(root: root)
        let decoder = NodeDecoder(node: root, path: ConfigPath(), origin: root.origin, ledger: ledger)
        let value: T
        do {
            value = try decoder.decodeValue(T.self)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("\(error)", at: root.origin)
        }
        if let unknown = ledger.firstUnknownKey() { throw unknown }
        return value
    }
}

/// What one decode asked of the tree: which mappings were opened as keyed containers
/// and which keys each was asked about. A reference type because every container and
/// nested decoder of one decode shares it.
final class DecodingLedger {
    let root: ConfigNode
    private var askedKeys: [ConfigPath: [String]] = [:]

    init(root: ConfigNode) {
        self.root = root
    }

    /// Marks the mapping at `path` as opened; its keys are checked after decoding.
    func open(_ path: ConfigPath) {
        if askedKeys[path] == nil { askedKeys[path] = [] }
    }

    func ask(_ key: String, at path: ConfigPath) {
        if askedKeys[path, default: []].contains(key) { return }
        askedKeys[path, default: []].append(key)
    }

    func asked(at path: ConfigPath) -> [String] {
        askedKeys[path] ?? []
    }

    /// The first key, depth first in document order, of an opened mapping that the
    /// decoded type never asked about.
    func firstUnknownKey() -> ConfigError? {
        firstUnknownKey(in: root, at: ConfigPath())
    }

    private func firstUnknownKey(in node: ConfigNode, at path: ConfigPath) -> ConfigError? {
        switch node.value {
        case .scalar:
            return nil
        case let .sequence(items):
            for (index, item) in items.enumerated() {
                if let error = firstUnknownKey(in: item, at: path.appending(.index(index))) { return error }
            }
            return nil
        case let .mapping(entries):
            let asked = askedKeys[path]
            for entry in entries {
                if let asked, !asked.contains(entry.key), entry.keyOrigin != .defaults {
                    if let suggestion = Suggestion.closest(to: entry.key, in: asked) {
                        return unknownKeyError(entry, in: path, suggestion: suggestion)
                    }
                    return unknownKeyError(entry, in: path, elsewhere: place(of: entry.key, besides: path))
                }
                if let error = firstUnknownKey(in: entry.value, at: path.appending(key: entry.key)) { return error }
            }
            return nil
        }
    }

    /// `unknown key 'policy.widht'; did you mean 'width'?` — an override names the
    /// suggestion as a full path, since that is what the user types on the command line.
    func unknownKeyError(_ entry: ConfigNode.Entry, in path: ConfigPath, suggestion: String?) -> ConfigError {
        var message = "unknown key '\(path.appending(key: entry.key))'"
        if let suggestion {
            if case .override = entry.keyOrigin {
                message += "; did you mean '\(path.appending(key: suggestion))'?"
            } else {
                message += "; did you mean '\(suggestion)'?"
            }
        }
        return ConfigError(message, at: entry.keyOrigin)
    }

    /// The shallowest other mapping that has a key named `key` (`eval` for `sampler`):
    /// a key written at the wrong level is a common slip, and a typo check cannot see it.
    func place(of key: String, besides path: ConfigPath) -> ConfigPath? {
        askedKeys.filter { $0.key != path && $0.value.contains(key) }.map(\.key)
            .min { ($0.segments.count, $0.description) < ($1.segments.count, $1.description) }
    }

    /// `unknown key 'sampler'; did you mean 'eval.sampler'?`, the full path of the same
    /// key elsewhere. An override gets its whole dotted key back with the level fixed
    /// (`sampler.steps=0` -> `eval.sampler.steps=0`), ready to paste.
    func unknownKeyError(_ entry: ConfigNode.Entry, in path: ConfigPath, elsewhere place: ConfigPath?) -> ConfigError {
        let written = path.appending(key: entry.key).description
        var message = "unknown key '\(written)'"
        if let place {
            let proposed = place.appending(key: entry.key).description
            if case let .override(text) = entry.keyOrigin, text.hasPrefix(written) {
                message += "; did you mean '\(proposed + text.dropFirst(written.count))'?"
            } else {
                message += "; did you mean '\(proposed)'?"
            }
        }
        return ConfigError(message, at: entry.keyOrigin)
    }
}
