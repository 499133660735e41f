/// Encodes any `Encodable` into a `ConfigNode` tree, keeping the order in which the
/// type encodes its keys (for synthesized conformances, the `CodingKeys` order).
///
/// Dictionaries with string keys are written sorted by key, so a resolved config file
/// is byte-for-byte stable from run to run.
enum ConfigEncoder {
    /// The tree for `value`, every node stamped with `origin`.
    static func node(for value: some Encodable, origin: ConfigOrigin) throws(ConfigError) -> ConfigNode {
        let box = EncodingBox()
        do {
            try NodeEncoder(box: box, codingPath: []).encodeValue(value)
        } catch {
            throw ConfigError("cannot encode the configuration: \(error)")
        }
        return box.node(origin: origin)
    }
}

/// A node under construction; containers hold a reference so nested containers can
/// be filled after they are handed out, as `Encoder` requires.
final class EncodingBox {
    enum Content {
        case empty
        case scalar(ConfigNode.Scalar)
        case mapping([(key: String, box: EncodingBox)])
        case sequence([EncodingBox])
    }

    var content: Content = .empty

    /// The box for `key`, replacing an earlier value for the same key.
    func child(forKey key: String) -> EncodingBox {
        let box = EncodingBox()
        guard case var .mapping(entries) = content else {
            content = .mapping([(key, box)])
            return box
        }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].box = box
        } else {
            entries.append((key, box))
        }
        content = .mapping(entries)
        return box
    }

    func appendChild() -> EncodingBox {
        let box = EncodingBox()
        if case let .sequence(items) = content {
            content = .sequence(items + [box])
        } else {
            content = .sequence([box])
        }
        return box
    }

    func node(origin: ConfigOrigin) -> ConfigNode {
        switch content {
        case .empty:
            // A type that encoded nothing (an empty struct) reads back as a mapping.
            return .emptyMapping(at: origin)
        case let .scalar(scalar):
            return ConfigNode(.scalar(scalar), origin: origin)
        case let .mapping(entries):
            let converted = entries.map {
                ConfigNode.Entry(key: $0.key, keyOrigin: origin, value: $0.box.node(origin: origin))
            }
            return ConfigNode(.mapping(converted), origin: origin)
        case let .sequence(items):
            return ConfigNode(.sequence(items.map { $0.node(origin: origin) }), origin: origin)
        }
    }
}

/// The `Encoder` and single-value container over one box.
struct NodeEncoder: Encoder, SingleValueEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .mapping = box.content {} else { box.content = .mapping([]) }
        return KeyedEncodingContainer(MappingEncoder<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .sequence = box.content {} else { box.content = .sequence([]) }
        return SequenceEncoder(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    /// Writes `value`: primitives as scalars in the syntax the decoder reads back
    /// exactly, string-keyed dictionaries sorted, everything else via `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let value as Bool: box.content = .scalar(.init(value ? "true" : "false"))
        case let value as String: box.content = .scalar(.init(value, isPlain: false))
        case let value as Double: box.content = .scalar(.init(Self.text(for: value)))
        case let value as Float: box.content = .scalar(.init(Self.text(for: value)))
        case let value as any FixedWidthInteger: box.content = .scalar(.init(String(describing: value)))
        case let dictionary as [String: any Encodable]:
            box.content = .mapping([])
            for key in dictionary.keys.sorted() {
                try NodeEncoder(box: box.child(forKey: key), codingPath: codingPath + [ConfigCodingKey(stringValue: key)])
                    .encodeValue(dictionary[key]!)
            }
        default:
            try value.encode(to: self)
        }
    }

    /// Swift's shortest round-tripping form, with YAML's spelling of non-finite values.
    static func text<F: BinaryFloatingPoint & CustomStringConvertible>(for value: F) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return value.description
    }

    func encodeNil() { box.content = .scalar(.init("null")) }
    func encode(_ value: Bool) throws { try encodeValue(value) }
    func encode(_ value: String) throws { try encodeValue(value) }
    func encode(_ value: Double) throws { try encodeValue(value) }
    func encode(_ value: Float) throws { try encodeValue(value) }
    func encode(_ value: Int) throws { try encodeValue(value) }
    func encode(_ value: Int8) throws { try encodeValue(value) }
    func encode(_ value: Int16) throws { try encodeValue(value) }
    func encode(_ value: Int32) throws { try encodeValue(value) }
    func encode(_ value: Int64) throws { try encodeValue(value) }
    func encode(_ value: UInt) throws { try encodeValue(value) }
    func encode(_ value: UInt8) throws { try encodeValue(value) }
    func encode(_ value: UInt16) throws { try encodeValue(value) }
    func encode(_ value: UInt32) throws { try encodeValue(value) }
    func encode(_ value: UInt64) throws { try encodeValue(value) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }
}
