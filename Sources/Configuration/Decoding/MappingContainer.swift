/// The keyed container over a mapping; every question it is asked is recorded in the
/// ledger, which is how keys the type never wanted are found afterwards.
struct MappingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let entries: [ConfigNode.Entry]

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// Asking for all keys (as `[String: T]` does) allows all keys.
    var allKeys: [Key] {
        entries.compactMap { entry in
            decoder.ledger.ask(entry.key, at: decoder.path)
            return Key(stringValue: entry.key)
        }
    }

    func contains(_ key: Key) -> Bool {
        entry(for: key) != nil
    }

    /// The entry for `key`, recording that the type asked about it.
    private func entry(for key: Key) -> ConfigNode.Entry? {
        decoder.ledger.ask(key.stringValue, at: decoder.path)
        return entries.first { $0.key == key.stringValue }
    }

    /// The decoder for a required key, or the "missing required key" error.
    ///
    /// When the mapping holds a key the type has not asked for and that is one typo
    /// away from the missing one, that key is the real problem, so it is reported as
    /// unknown with the missing key as the suggestion.
    private func childDecoder(for key: Key) throws -> NodeDecoder {
        guard let entry = entry(for: key) else { throw missing(key) }
        return decoder.child(entry.value, .key(entry.key), origin: entry.keyOrigin)
    }

    private func missing(_ key: Key) -> ConfigError {
        let asked = decoder.ledger.asked(at: decoder.path)
        for entry in entries where !asked.contains(entry.key) && entry.keyOrigin != .defaults {
            if Suggestion.closest(to: entry.key, in: [key.stringValue]) != nil {
                return decoder.ledger.unknownKeyError(entry, in: decoder.path, suggestion: key.stringValue)
            }
        }
        let missingPath = decoder.path.appending(key: key.stringValue)
        return ConfigError("missing required key '\(missingPath)'", at: decoder.origin)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try childDecoder(for: key).decodeNil()
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try childDecoder(for: key).decodeValue(T.self)
    }

    /// Absent and explicit null both mean `nil`.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let entry = entry(for: key), !entry.value.isNull else { return nil }
        return try decoder.child(entry.value, .key(entry.key), origin: entry.keyOrigin).decodeValue(T.self)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }

    /// The primitive overloads all funnel here, into the strict scalar rules.
    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try childDecoder(for: key).decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(forKey: Key(stringValue: "super")!)
    }

    /// A missing key gives a decoder over null, as the `Decoder` contract asks.
    func superDecoder(forKey key: Key) throws -> any Decoder {
        guard let entry = entry(for: key) else {
            return decoder.child(.null(at: decoder.origin), .key(key.stringValue), origin: decoder.origin)
        }
        return decoder.child(entry.value, .key(entry.key), origin: entry.keyOrigin)
    }
}
