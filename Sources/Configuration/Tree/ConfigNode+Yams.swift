import Yams

/// Conversion between Yams' node tree and `ConfigNode`, the only place that knows Yams'
/// node representation.
extension ConfigNode {
    /// Converts a composed Yams node, stamping every part with a file position in `name`
    /// (or with `origin` when given, as for override values).
    ///
    /// YAML merge keys (`<<: *base`) are expanded here: keys written in the mapping win
    /// over merged ones, as the YAML merge-key spec says.
    ///
    /// Keys equal as text but not as YAML values (`1` and `"1"`) are duplicates here,
    /// since configs read every key as a string; `path` names them in that error.
    init(yams node: Yams.Node, name: String, origin fixedOrigin: ConfigOrigin? = nil,
         path: ConfigPath = ConfigPath()) throws(ConfigError) {
        let origin = fixedOrigin ?? ConfigNode.origin(of: node.mark, name: name)
        switch node {
        case let .scalar(scalar):
            // Explicit `!!str` makes a plain scalar a string, like quotes do.
            let isPlain = scalar.style == .plain && scalar.tag.rawValue != Tag.Name.str.rawValue
            self.init(.scalar(Scalar(scalar.string, isPlain: isPlain)), origin: origin)
        case let .sequence(sequence):
            var items: [ConfigNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try ConfigNode(yams: item, name: name, origin: fixedOrigin, path: path.appending(.index(index))))
            }
            self.init(.sequence(items), origin: origin)
        case let .mapping(mapping):
            var entries: [Entry] = []
            var merged: [Entry] = []
            for (key, value) in mapping {
                let keyOrigin = fixedOrigin ?? ConfigNode.origin(of: key.mark, name: name)
                guard case let .scalar(keyScalar) = key else {
                    throw ConfigError("mapping keys must be plain names, found \(key.mapping != nil ? "a mapping" : "a sequence")", at: keyOrigin)
                }
                let converted = try ConfigNode(yams: value, name: name, origin: fixedOrigin,
                                               path: path.appending(key: keyScalar.string))
                if keyScalar.string == "<<", keyScalar.style == .plain {
                    merged += try ConfigNode.mergeKeyEntries(converted, at: keyOrigin)
                } else {
                    if let first = entries.first(where: { $0.key == keyScalar.string }),
                       case let .file(_, firstLine, _) = first.keyOrigin {
                        throw ConfigError("duplicate key '\(path.appending(key: keyScalar.string))' (first defined on line \(firstLine))",
                                          at: keyOrigin)
                    }
                    entries.append(Entry(key: keyScalar.string, keyOrigin: keyOrigin, value: converted))
                }
            }
            for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
            self.init(.mapping(entries), origin: origin)
        case let .alias(alias):
            // compose() already resolves aliases; a bare alias node cannot occur.
            throw ConfigError("unresolved alias '*\(alias.anchor.rawValue)'", at: origin)
        }
    }

    /// The entries a `<<` merge key contributes: one mapping, or a sequence of mappings
    /// where earlier ones win.
    private static func mergeKeyEntries(_ node: ConfigNode, at origin: ConfigOrigin) throws(ConfigError) -> [Entry] {
        let sources: [ConfigNode]
        switch node.value {
        case .mapping: sources = [node]
        case let .sequence(items): sources = items
        case .scalar: throw ConfigError("'<<' must merge a mapping, found \(node.foundDescription)", at: origin)
        }
        var result: [Entry] = []
        for source in sources {
            guard let entries = source.entries else {
                throw ConfigError("'<<' must merge a mapping, found \(source.foundDescription)", at: origin)
            }
            for entry in entries where !result.contains(where: { $0.key == entry.key }) {
                result.append(entry)
            }
        }
        return result
    }

    static func origin(of mark: Mark?, name: String) -> ConfigOrigin {
        .file(name: name, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// This tree as a Yams node for emitting: short scalar lists in flow style
    /// (`seeds: [1, 2, 3]`), strings that would read as another type double-quoted.
    var yamsNode: Yams.Node {
        switch value {
        case let .scalar(scalar):
            let quote = !scalar.isPlain && (scalar.looksTyped || scalar.text.isEmpty)
            return .scalar(.init(scalar.text, .implicit, quote ? .doubleQuoted : .any))
        case let .sequence(items):
            let allScalars = !items.isEmpty && items.allSatisfy {
                if case .scalar = $0.value { return true } else { return false }
            }
            let style: Yams.Node.Sequence.Style = allScalars && items.count <= 16 ? .flow : .block
            return .sequence(.init(items.map(\.yamsNode), .implicit, style))
        case let .mapping(entries):
            let pairs = entries.map { (Yams.Node.scalar(.init($0.key)), $0.value.yamsNode) }
            return .mapping(.init(pairs, .implicit, .block))
        }
    }
}
