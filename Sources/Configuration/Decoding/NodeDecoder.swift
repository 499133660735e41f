/// A `Decoder` (and single-value container) over one node of a `ConfigNode` tree.
///
/// `origin` is where errors about this node point: the key's line for a mapping value,
/// the item's line for a sequence element.
struct NodeDecoder: Decoder, SingleValueDecodingContainer {
    let node: ConfigNode
    let path: ConfigPath
    let origin: ConfigOrigin
    let ledger: DecodingLedger

    var codingPath: [any CodingKey] { path.segments.map(ConfigCodingKey.init) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else { throw mismatch(expected: "a mapping") }
        ledger.open(path)
        return KeyedDecodingContainer(MappingContainer<Key>(decoder: self, entries: entries))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .sequence(items) = node.value else { throw mismatch(expected: "a sequence") }
        return SequenceContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    /// A decoder for a child node, one path segment down.
    func child(_ node: ConfigNode, _ segment: ConfigPath.Segment, origin: ConfigOrigin) -> NodeDecoder {
        NodeDecoder(node: node, path: path.appending(segment), origin: origin, ledger: ledger)
    }

    // MARK: Errors

    /// `key 'train.steps': <message>` at this node's origin.
    func failure(_ message: String) -> ConfigError {
        ConfigError((path.isEmpty ? "" : "key '\(path)': ") + message, at: origin)
    }

    /// `key 'train.steps': expected an integer, found 'abc'`.
    func mismatch(expected: String) -> ConfigError {
        failure("expected \(expected), found \(node.foundDescription)")
    }

    // MARK: Decoding any value

    /// Decodes `T` from this node: primitives by the strict scalar rules, everything
    /// else through `T.init(from:)`, with any error it throws placed on a line.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let value = try decodePrimitive(T.self) { return value }
        do {
            return try T(from: self)
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw translate(error, decoding: T.self)
        } catch {
            // A validating initializer threw its own error: place it on this key.
            throw failure(String(describing: error))
        }
    }

    /// A `DecodingError` thrown by a type's own `init(from:)` (the standard library's
    /// `RawRepresentable` enums throw `dataCorrupted` for an unknown raw value).
    private func translate<T>(_ error: DecodingError, decoding type: T.Type) -> ConfigError {
        let context: DecodingError.Context
        switch error {
        case let .dataCorrupted(ctx), let .typeMismatch(_, ctx), let .valueNotFound(_, ctx):
            context = ctx
        case let .keyNotFound(key, ctx):
            let missing = ConfigPath(codingPath: ctx.codingPath).appending(key: key.stringValue)
            return ConfigError("missing required key '\(missing)'", at: ledger.root.nearestOrigin(of: missing))
        @unknown default:
            return failure("\(error)")
        }
        let errorPath = ConfigPath(codingPath: context.codingPath)
        if errorPath == path, case .scalar = node.value, T.self is any RawRepresentable.Type {
            // The standard library's message names Swift types; users need the values.
            if let cases = allowedValues(of: T.self) { return enumFailure(allowed: cases) }
            return failure("invalid value \(node.foundDescription)")
        }
        let shown = ledger.root.displayPath(errorPath)
        return ConfigError((shown.isEmpty ? "" : "key '\(shown)': ") + context.debugDescription,
                           at: ledger.root.nearestOrigin(of: errorPath))
    }

    /// `expected one of ddpm, ddim, found 'ddmi'; did you mean 'ddim'?`
    private func enumFailure(allowed: [String]) -> ConfigError {
        var message = "expected one of \(allowed.joined(separator: ", ")), found \(node.foundDescription)"
        if case let .scalar(scalar) = node.value, let suggestion = Suggestion.closest(to: scalar.text, in: allowed) {
            message += "; did you mean '\(suggestion)'?"
        }
        return failure(message)
    }
}

/// The raw values of a `CaseIterable & RawRepresentable` type, in declaration order.
private func allowedValues<T>(of type: T.Type) -> [String]? {
    guard let iterable = type as? any CaseIterable.Type else { return nil }
    let values = rawValues(of: iterable)
    return values.isEmpty ? nil : values
}

private func rawValues<C: CaseIterable>(of type: C.Type) -> [String] {
    type.allCases.compactMap { value in
        (value as? any RawRepresentable).map { String(describing: $0.rawValue) }
    }
}
