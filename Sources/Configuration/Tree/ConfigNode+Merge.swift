/// Deep merging of trees (defaults ← file ← overrides) and lookup by path.
extension ConfigNode {
    /// `self` laid over `base`: mappings merge key by key, recursively; anything else in
    /// `self` (scalar, sequence, explicit null) replaces what `base` holds.
    ///
    /// Keys keep `base`'s order, then new keys follow in `self`'s order. Entries and
    /// nodes from `self` keep their own origins, so errors point at the layer that
    /// supplied the value.
    func merged(over base: ConfigNode) -> ConfigNode {
        guard let top = entries, let bottom = base.entries else { return self }
        var result = bottom
        for entry in top {
            if let index = result.firstIndex(where: { $0.key == entry.key }) {
                result[index] = Entry(
                    key: entry.key,
                    keyOrigin: entry.keyOrigin,
                    value: entry.value.merged(over: result[index].value)
                )
            } else {
                result.append(entry)
            }
        }
        return ConfigNode(.mapping(result), origin: origin)
    }

    /// The node at `path` and the origin errors about it should name (the key's line for
    /// mapping entries), or `nil` when the path leaves the tree.
    ///
    /// A key segment that spells a number also indexes a sequence, so the Tasks
    /// module's `["block", "parts", "1"]` finds the second part.
    func resolve(_ path: ConfigPath) -> (node: ConfigNode, origin: ConfigOrigin)? {
        var node = self
        var origin = self.origin
        for segment in path.segments {
            switch (node.value, segment) {
            case let (.mapping(entries), .key(key)):
                guard let entry = entries.first(where: { $0.key == key }) else { return nil }
                (node, origin) = (entry.value, entry.keyOrigin)
            case let (.sequence(items), .index(index)):
                guard items.indices.contains(index) else { return nil }
                (node, origin) = (items[index], items[index].origin)
            case let (.sequence(items), .key(key)):
                guard let index = Int(key), items.indices.contains(index) else { return nil }
                (node, origin) = (items[index], items[index].origin)
            default:
                return nil
            }
        }
        return (node, origin)
    }

    /// The origin of the deepest node along `path` that exists: a semantic error about a
    /// value that came from defaults, or about a missing child, still gets a location.
    func nearestOrigin(of path: ConfigPath) -> ConfigOrigin {
        var segments = path.segments
        while true {
            if let found = resolve(ConfigPath(segments)) { return found.origin }
            segments.removeLast()
        }
    }

    /// `path` rendered with indices where the tree has sequences, so that a string path
    /// `block.parts.1` prints as `block.parts[1]`.
    func displayPath(_ path: ConfigPath) -> ConfigPath {
        var node: ConfigNode? = self
        var result = ConfigPath()
        for segment in path.segments {
            var resolved = segment
            if case let .key(key) = segment, case .sequence = node?.value, let index = Int(key) {
                resolved = .index(index)
            }
            result.segments.append(resolved)
            node = node?.resolve(ConfigPath([resolved]))?.node
        }
        return result
    }
}
