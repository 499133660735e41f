import Yams

/// Turning Yams' parse errors into one-line `file:line:column: problem` errors.
extension ConfigDocument {
    static func describe(_ error: any Error, yaml: String, name: String) -> ConfigError {
        guard let error = error as? YamlError else {
            return ConfigError("\(name): \(error)")
        }
        switch error {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = problem
            if let context {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            return ConfigError(message, at: ConfigNode.origin(of: mark, name: name), includesColumn: true)
        case let .reader(problem, offset, _, _):
            let (line, column) = position(ofCharacterOffset: offset ?? 0, in: yaml)
            return ConfigError(problem, at: .file(name: name, line: line, column: column), includesColumn: true)
        case let .duplicatedKeysInMapping(duplicates, context):
            return duplicateKeyError(key: duplicates.first ?? "?", first: context.mark, yaml: yaml, name: name)
        default:
            return ConfigError("\(name): \(error)")
        }
    }

    /// Yams reports a duplicate key only at its first occurrence. To name the second
    /// one too, the first occurrence is renamed in a copy of the text and the copy is
    /// parsed again: the renamed key's mapping then holds the other occurrence.
    private static func duplicateKeyError(key: String, first: Mark, yaml: String, name: String) -> ConfigError {
        let marker = "pushforward-duplicate-"
        guard let renamed = insert(marker, at: first, in: yaml),
              let node = try? Yams.compose(yaml: renamed),
              let tree = try? ConfigNode(yams: node, name: name),
              let (path, entries) = tree.findMapping(containingKey: marker + key),
              let second = entries.first(where: { $0.key == key }),
              case let .file(_, secondLine, _) = second.keyOrigin
        else {
            return ConfigError("duplicate key '\(key)'", at: ConfigNode.origin(of: first, name: name))
        }
        let fullKey = path.appending(key: key)
        return ConfigError("duplicate key '\(fullKey)' (first defined on line \(first.line))",
                           at: .file(name: name, line: secondLine, column: 1))
    }

    /// `yaml` with `text` inserted at a mark (after an opening quote, so a quoted key
    /// stays well-formed); `nil` if the mark is outside the text.
    private static func insert(_ text: String, at mark: Mark, in yaml: String) -> String? {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.indices.contains(mark.line - 1) else { return nil }
        var scalars = Array(lines[mark.line - 1].unicodeScalars)
        var column = mark.column - 1
        guard scalars.indices.contains(column) else { return nil }
        if scalars[column] == "\"" || scalars[column] == "'" { column += 1 }
        scalars.insert(contentsOf: text.unicodeScalars, at: column)
        lines[mark.line - 1] = String(String.UnicodeScalarView(scalars))
        return lines.joined(separator: "\n")
    }

    /// The 1-based line and column of a character offset, for reader errors.
    private static func position(ofCharacterOffset offset: Int, in yaml: String) -> (line: Int, column: Int) {
        let lines = yaml.prefix(offset).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.count, (lines.last?.count ?? 0) + 1)
    }
}

extension ConfigNode {
    /// The path and entries of the first mapping (depth first) that has `key`.
    func findMapping(containingKey key: String, at path: ConfigPath = ConfigPath()) -> (ConfigPath, [Entry])? {
        switch value {
        case .scalar:
            return nil
        case let .mapping(entries):
            if entries.contains(where: { $0.key == key }) { return (path, entries) }
            for entry in entries {
                if let found = entry.value.findMapping(containingKey: key, at: path.appending(key: entry.key)) {
                    return found
                }
            }
            return nil
        case let .sequence(items):
            for (index, item) in items.enumerated() {
                if let found = item.findMapping(containingKey: key, at: path.appending(.index(index))) {
                    return found
                }
            }
            return nil
        }
    }
}
