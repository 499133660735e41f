/// Any YAML value of a configuration, kept as written, for files whose values are
/// themselves overrides of another configuration (a sweep's grid: `policy.width: [64, 128]`).
///
/// A field of this type accepts any value: its checking is left to the configuration the
/// value is applied to, through `overrideText`. It keeps the value's origin, so those
/// later errors can still name the sweep file's line. Decodable only by `ConfigDocument`.
public struct ConfigValue: Decodable, Hashable, Sendable {
    let node: ConfigNode
    /// Where the value was written (a mapping value's key line), for error messages.
    public let origin: ConfigOrigin

    public init(from decoder: any Decoder) throws {
        guard let decoder = decoder as? NodeDecoder else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "ConfigValue decodes only from a ConfigDocument"))
        }
        node = decoder.node
        origin = decoder.origin
    }

    init(node: ConfigNode, origin: ConfigOrigin) {
        self.node = node
        self.origin = origin
    }

    /// The text of a scalar that is not null (`Configs/a.yaml`, `64`), else `nil`.
    public var scalarText: String? {
        guard case let .scalar(scalar) = node.value, !node.isNull else { return nil }
        return scalar.text
    }

    /// The items of a sequence (each with its own line), or `nil` for a scalar or mapping.
    public var items: [ConfigValue]? {
        guard case let .sequence(items) = node.value else { return nil }
        return items.map { ConfigValue(node: $0, origin: $0.origin) }
    }

    /// The entries of a mapping in document order, each origin the key's line; `nil` otherwise.
    public var entries: [(key: String, value: ConfigValue)]? {
        node.entries?.map { ($0.key, ConfigValue(node: $0.value, origin: $0.keyOrigin)) }
    }

    /// The value as the right-hand side of a `key=value` override: flow YAML that parses
    /// back to the same value (`64`, `'042'`, `[1, 2]`, `{method: ddim, steps: 2}`).
    public var overrideText: String {
        switch node.value {
        case let .scalar(scalar):
            return Self.flowScalar(scalar, null: node.isNull)
        case let .sequence(items):
            return "[" + items.map { ConfigValue(node: $0, origin: $0.origin).overrideText }.joined(separator: ", ") + "]"
        case let .mapping(entries):
            let pairs = entries.map { entry in
                Self.flowScalar(ConfigNode.Scalar(entry.key, isPlain: true), null: false) + ": "
                    + ConfigValue(node: entry.value, origin: entry.keyOrigin).overrideText
            }
            return "{" + pairs.joined(separator: ", ") + "}"
        }
    }

    /// The value in short words for a name: scalars as written, the items or the values
    /// of a mapping joined by `-` (`{method: ddim, steps: 2}` reads `ddim-2`), `none` for
    /// an empty list or mapping.
    public var compactText: String {
        switch node.value {
        case .sequence([]), .mapping([]): return "none"
        case let .scalar(scalar): return scalar.text
        case let .sequence(items): return items.map { ConfigValue(node: $0, origin: $0.origin).compactText }.joined(separator: "-")
        case let .mapping(entries): return entries.map { ConfigValue(node: $0.value, origin: $0.keyOrigin).compactText }.joined(separator: "-")
        }
    }

    /// The number a plain numeric scalar spells (for plot axes), else `nil`.
    public var number: Double? {
        guard case let .scalar(scalar) = node.value, let syntax = scalar.numberSyntax else { return nil }
        switch syntax {
        case let .integer(text), let .float(text): return Double(text)
        case let .hexInteger(text): return Int64(text, radix: 16).map(Double.init)
        case .infinity, .nan: return nil
        }
    }

    /// An error placed on this value's line: `sweep.yaml:7: <message>`.
    public func error(_ message: String) -> ConfigError {
        ConfigError(message, at: origin)
    }

    /// A scalar in flow context: plain when it reads back the same and holds no flow
    /// indicator, else single-quoted (quotes doubled), so `'42'` stays a string.
    private static func flowScalar(_ scalar: ConfigNode.Scalar, null: Bool) -> String {
        if null { return "null" }
        let text = scalar.text
        let special: Set<Character> = [",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "\n"]
        let safePlain = !text.isEmpty && !text.contains(where: special.contains) && !text.contains(": ")
            && !text.hasSuffix(":") && text.first != " " && text.last != " " && text.first != "-" && text.first != "?"
            && text.first != ":"
        let reads = ConfigNode.Scalar(text, isPlain: true)
        if scalar.isPlain && (safePlain || reads.numberSyntax != nil) { return text }
        if !scalar.isPlain && safePlain && !reads.looksTyped { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
